// What one written record is made from, read at one moment: the shaped record (pictures apart), each signature
// picture's bytes, the audit chain's head, and the row the record will be stored as. Read on the main thread on
// the embedded database, and in the PDF worker itself on PostgreSQL (store.ts says why).
import { auditChainHead } from '../audit';
import type { Db } from '../db/client';
import type { Locale } from '../../i18n/locale';
import type { RecordMaking } from './pdf-certificate';
import { signaturePngs } from './pictures';
import { readWrittenRecord, type MeetingDocumentReader, type RecordContext } from './read';
import type { WrittenRecord } from './shape';
import type { RecordRow } from './stored-row';

export interface RecordMaterials {
	record: WrittenRecord;
	/** Signature id → PNG bytes, kept once read (pictures.ts). */
	pictures: Record<string, Uint8Array>;
	making: RecordMaking;
	row: RecordRow;
}

export async function recordMaterials(
	db: Db,
	context: RecordContext,
	documentOf: MeetingDocumentReader,
	generatedBy: string | null,
	locale: Locale = 'en'
): Promise<RecordMaterials> {
	const { meeting } = context;
	// The pictures apart: kept bytes, not megabytes of text read and handed over again for every record.
	const record = await readWrittenRecord(db, context, documentOf, 'apart', locale);
	const pictures = await signaturePngs(db, record.signatures.filter((s) => s.image?.format === 'png').map((s) => s.id));
	// The chain's head as the record is made: printed in its certificate of completion, and kept with it as the
	// anchor `npm run audit:verify` checks the chain still reaches.
	const audit = await auditChainHead(db);
	return {
		record,
		pictures,
		making: { madeAt: new Date(context.readAt).toISOString(), audit },
		row: {
			meetingId: meeting.id,
			caseId: context.case.id,
			planHash: meeting.finalPlanHash ?? record.planHash,
			auditSeq: audit.seq,
			auditHash: audit.hash,
			generatedBy,
			// The database's clock before the facts were read: anything recorded later makes this copy outdated.
			readAt: context.readAt
		}
	};
}
