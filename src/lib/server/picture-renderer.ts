// Draws an SVG as a PNG with resvg in a worker thread of its own: parsing, drawing and PNG encoding take up
// to a few hundred milliseconds for the largest signature, and none of it may hold up the event loop that
// relays every meeting. One worker, started when first needed, draws one picture at a time; one that takes
// too long is stopped and the next picture gets a fresh worker.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { ResvgRenderOptions } from '@resvg/resvg-js';

/** Longer than the heaviest signature picture takes (under a second here); past it, the picture is refused. */
const RENDER_TIMEOUT_MS = 10_000;

// CommonJS run by the worker; it loads resvg from the path resolved here, so it works the same from the
// sources, under Vite and from the build.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { Resvg } = require(workerData.resvg);
parentPort.on('message', ({ id, svg, options }) => {
	try {
		parentPort.postMessage({ id, png: new Resvg(svg, options).render().asPng() });
	} catch (error) {
		parentPort.postMessage({ id, error: String(error && error.message || error) });
	}
});`;

type Reply = { id: number; png?: Uint8Array; error?: string };
type Pending = { resolve: (png: Buffer) => void; reject: (error: Error) => void; timer: NodeJS.Timeout };

let worker: Worker | null = null;
let nextId = 0;
const pending = new Map<number, Pending>();

function stop(reason: Error): void {
	const stopping = worker;
	worker = null;
	for (const [id, p] of pending) {
		clearTimeout(p.timer);
		p.reject(reason);
		pending.delete(id);
	}
	void stopping?.terminate();
}

function started(): Worker {
	if (worker) return worker;
	const resvg = createRequire(import.meta.url).resolve('@resvg/resvg-js');
	const created = new Worker(WORKER_SOURCE, { eval: true, workerData: { resvg } });
	created.on('message', ({ id, png, error }: Reply) => {
		const p = pending.get(id);
		if (!p) return;
		pending.delete(id);
		clearTimeout(p.timer);
		if (png) p.resolve(Buffer.from(png.buffer, png.byteOffset, png.byteLength));
		else p.reject(new Error(error ?? 'the renderer gave no picture'));
	});
	created.on('error', (error) => worker === created && stop(error));
	created.on('exit', () => worker === created && stop(new Error('the renderer stopped')));
	created.unref(); // an idle renderer never keeps the process alive (after the listeners, which would ref it again)
	worker = created;
	return created;
}

/** The SVG drawn as PNG bytes at `options`; rejects if resvg cannot read it or takes too long. */
export function renderPng(svg: string, options: ResvgRenderOptions): Promise<Buffer> {
	const renderer = started();
	const id = nextId++;
	return new Promise<Buffer>((resolve, reject) => {
		const timer = setTimeout(() => stop(new Error('the picture took too long to draw')), RENDER_TIMEOUT_MS);
		pending.set(id, { resolve, reject, timer });
		renderer.postMessage({ id, svg, options });
	});
}
