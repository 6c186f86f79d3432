// Real touch input in Chromium, through the DevTools protocol: the browser turns it into touch and pointer
// events (pointerType "touch") exactly as a finger on a tablet would, so the signature pad draws from it.
import type { Locator, Page } from '@playwright/test';

type Point = { x: number; y: number };

/** Draws one wavy stroke across `target` with a finger, from its left to its right. */
export async function drawWithFinger(page: Page, target: Locator): Promise<void> {
	const box = await target.boundingBox();
	if (!box) throw new Error('the signature box is not on the screen');
	const at = (fx: number, fy: number): Point => ({ x: box.x + box.width * fx, y: box.y + box.height * fy });
	const cdp = await page.context().newCDPSession(page);
	try {
		// Paced like a finger (about 60 moves a second) that comes to rest before it lifts. Fired back to back,
		// the events read as a fast swipe, and Chromium 159 then sometimes lost the tap that followed it.
		const frame = () => new Promise((resolve) => setTimeout(resolve, 16));
		const steps = 24;
		const end = at(0.88, 0.55 - 0.25 * Math.sin(Math.PI * 3));
		await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [at(0.12, 0.55)] });
		for (let i = 1; i <= steps; i++) {
			const t = i / steps;
			await frame();
			await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [at(0.12 + 0.76 * t, 0.55 - 0.25 * Math.sin(t * Math.PI * 3))] });
		}
		for (let i = 0; i < 6; i++) {
			await frame();
			await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [end] });
		}
		await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
	} finally {
		await cdp.detach();
	}
}

/** How many pixels of the canvas have ink on them: more than none once something was drawn. */
export function inkedPixels(canvas: Locator): Promise<number> {
	return canvas.evaluate((el: HTMLCanvasElement) => {
		const { data } = el.getContext('2d')!.getImageData(0, 0, el.width, el.height);
		let n = 0;
		for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
		return n;
	});
}
