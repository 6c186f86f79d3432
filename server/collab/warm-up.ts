// Right after a restart, Yjs's integration and encoding code runs several times slower until the JavaScript
// engine has compiled it. Rather than make the first person to open a meeting wait, the server exercises
// those paths once before it takes connections.
import * as Y from 'yjs';

export function warmUpCollaboration(edits = 3_000): void {
	const writer = new Y.Doc();
	const text = writer.getMap('plan').set('concerns', new Y.Text());
	const list = writer.getMap('plan').set('actions', new Y.Array<Y.Map<unknown>>());
	const updates: Uint8Array[] = [];
	writer.on('update', (u: Uint8Array) => updates.push(u));
	let seed = 1;
	const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
	for (let i = 0; i < edits; i++) {
		text.insert(Math.floor(random() * (text.length + 1)), 'word ');
		if (i % 10 === 0) text.delete(Math.floor(random() * text.length), 1);
		if (i % 100 === 0) list.push([new Y.Map([['id', String(i)]])]);
	}
	const state = Y.mergeUpdates(updates);
	const reader = new Y.Doc();
	Y.applyUpdate(reader, state);
	Y.decodeUpdate(updates[updates.length - 1]);
	Y.diffUpdate(state, Y.encodeStateVector(writer));
	Y.encodeStateAsUpdate(reader, new Uint8Array([0]));
	writer.destroy();
	reader.destroy();
}
