// svg-to-pdfkit ships no types: the part of its options the written record uses.
declare module 'svg-to-pdfkit' {
	interface SvgToPdfOptions {
		width?: number;
		height?: number;
		preserveAspectRatio?: string;
		/** Treat SVG user units as points rather than CSS pixels. */
		assumePt?: boolean;
		precision?: number;
		warningCallback?: (message: string) => void;
		fontCallback?: (family: string, bold: boolean, italic: boolean, options: { fauxBold: boolean; fauxItalic: boolean }) => string;
		/** Maps an <image> link to what PDFKit opens; return '' to open nothing. */
		imageCallback?: (link: string) => string;
		documentCallback?: (file: string) => unknown;
	}
	export default function SVGtoPDF(doc: PDFKit.PDFDocument, svg: string, x?: number, y?: number, options?: SvgToPdfOptions): void;
}
