import { mkdirSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { signPlaybackGrant } from '@ovation/media-domain';
import { startTestFleet, TestFleet, testSecrets, waitFor, workspaceRoot } from '@ovation/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './browser';
import { gatewayClient } from './gateway-client';

interface Broadcaster {
  stop(): Promise<unknown>;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startTestPattern } = require(join(workspaceRoot(), 'tools/fleet/test-pattern.cjs')) as {
  startTestPattern(publishUrl: string, options: { size: string; rate: number; label: string }): Broadcaster;
};

const artifacts = join(workspaceRoot(), 'test-results/web');
const videoTime = (page: Page) => page.evaluate<number>('document.querySelector("video")?.currentTime ?? 0');
/** The recording ingest finished for a room (its recording.json in the fleet's media directory). */
async function recordingOf(mediaDir: string, roomId: string): Promise<string | undefined> {
  const dir = join(mediaDir, 'recordings');
  for (const id of await readdir(dir).catch(() => [])) {
    const info = await readFile(join(dir, id, 'recording.json'), 'utf8').catch(() => '');
    if (info && (JSON.parse(info) as { roomId: string }).roomId === roomId) return id;
  }
  return undefined;
}
/** Fills the sign-in dialog; a refusal fails with what the dialog said, and a screenshot of it. */
async function signIn(page: Page, name: string, role: string): Promise<void> {
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByLabel('Role').selectOption(role);
  await dialog.getByRole('button', { name: 'Sign in' }).click();
  try {
    await page.getByRole('button', { name: 'Sign out' }).waitFor({ timeout: 20_000 });
  } catch (error) {
    await page.screenshot({ path: join(artifacts, `sign-in-${name}-failed.png`) });
    const said = (await dialog.getByRole('alert').count()) > 0 ? await dialog.getByRole('alert').textContent() : 'nothing';
    throw new Error(`${name} could not sign in (the dialog said: ${said}): ${(error as Error).message}`);
  }
}
const box = async (page: Page, selector: string) => (await page.locator(selector).first().boundingBox())!;

// The demo client in real headless Chromium against the whole fleet, with a real RTMP broadcaster.
describe('web client in a browser', () => {
  let fleet: TestFleet;
  let browser: Browser;
  let broadcaster: Broadcaster | undefined;
  let api: ReturnType<typeof gatewayClient>;
  let gateway: string;
  let roomId: string;
  let streamer: string;
  let mediaDir: string;
  let danmakuText: string;
  let guest: BrowserContext;
  let viewer: BrowserContext;
  let guestPage: Page;
  let viewerPage: Page;
  const title = `Browser test ${Date.now()}`;

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    [fleet, browser] = await Promise.all([
      startTestFleet({
        portOffset: 8000,
        serviceEnv: {
          // Small and quick: two renditions, 1 s segments, frequent thumbnails.
          ingest: { HLS_RENDITIONS: 'source,180p@200', HLS_SEGMENT_SECONDS: '1', THUMBNAIL_INTERVAL_SECONDS: '1', PUBLISH_GRACE_MS: '1000', RECORDING_SEGMENT_SECONDS: '2' },
        },
      }),
      launchChromium(),
    ]);
    gateway = fleet.url('gateway', 'HTTP_PORT');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mediaDir = (require(join(workspaceRoot(), 'tools/fleet/services.cjs')) as { discoveryEnv(offset: number): { MEDIA_DIR: string } }).discoveryEnv(8000).MEDIA_DIR;
    api = gatewayClient(gateway);
    streamer = await api.token('web-e2e-streamer', 'streamer', 'Web E2E');
    roomId = (await api.call<{ id: string }>('POST', '/v1/rooms', streamer, { title, category: 'test' })).id;
    const { publishUrl } = await api.call<{ publishUrl: string }>('GET', `/v1/rooms/${roomId}/publish`, streamer);
    broadcaster = startTestPattern(publishUrl, { size: '640x360', rate: 25, label: 'web e2e' });
    await waitFor(async () => ((await api.call<{ status: string }>('GET', `/v1/rooms/${roomId}`)).status === 'live' ? true : undefined), 30_000, 'the room to go live');
    guest = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    viewer = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  }, 150_000);

  afterAll(async () => {
    await browser?.close();
    await broadcaster?.stop();
    await fleet?.stop();
  }, 60_000);

  it('is served by the gateway at / without shadowing the API', async () => {
    const page = async (path: string) => {
      const response = await fetch(`${gateway}${path}`, { headers: { accept: 'text/html' } });
      return { status: response.status, type: response.headers.get('content-type') ?? '', body: await response.text() };
    };
    for (const path of ['/', `/rooms/${roomId}`, '/studio']) {
      expect(await page(path)).toMatchObject({ status: 200, type: expect.stringContaining('text/html'), body: expect.stringContaining('<div id="app">') });
    }
    expect(await page('/v1/no-such-route')).toMatchObject({ status: 404, type: expect.stringContaining('application/json') });
    expect(await page('/openapi.json')).toMatchObject({ status: 200, type: expect.stringContaining('application/json') });
    expect((await page('/assets/no-such-file.js')).status).toBe(404);
  });

  it('lists the live room in the directory and plays its video', async () => {
    guestPage = await guest.newPage();
    await guestPage.goto(gateway);
    const card = guestPage.getByRole('link', { name: new RegExp(title) });
    await card.waitFor({ timeout: 15_000 });
    await card.click();
    await guestPage.waitForURL(`**/rooms/${roomId}`);
    await guestPage.getByRole('heading', { name: title }).waitFor();
    const started = await waitFor(async () => ((await videoTime(guestPage)) > 0.5 ? videoTime(guestPage) : undefined), 40_000, 'the video to start');
    await waitFor(async () => ((await videoTime(guestPage)) > started + 1 ? true : undefined), 15_000, 'the video to advance');
    expect(await guestPage.locator('.conn').textContent()).toBe('Connected');
  }, 90_000);

  it("shows a viewer's danmaku over the video in another browser", async () => {
    viewerPage = await viewer.newPage();
    await viewerPage.goto(`${gateway}/rooms/${roomId}`);
    await viewerPage.getByRole('button', { name: 'Sign in' }).click();
    await signIn(viewerPage, 'bob', 'viewer');
    await waitFor(async () => ((await viewerPage.locator('.conn').textContent()) === 'Connected' ? true : undefined), 15_000, 'the viewer to connect');

    const text = (danmakuText = `hello from the browser ${Date.now() % 100000}`);
    await viewerPage.getByLabel('Message').fill(text);
    await viewerPage.getByLabel('Message').press('Enter');

    const flying = guestPage.locator('[data-testid=danmaku-layer] .danmaku-item.flying', { hasText: text });
    await flying.waitFor({ timeout: 10_000 });
    const [comment, video] = [await flying.boundingBox(), await box(guestPage, 'video')];
    // Over the video: inside its top and bottom, and on screen somewhere across its width.
    expect(comment!.y).toBeGreaterThanOrEqual(video.y);
    expect(comment!.y + comment!.height).toBeLessThanOrEqual(video.y + video.height);
    await guestPage.locator('.chat-line', { hasText: text }).waitFor({ timeout: 5000 });
    await waitFor(async () => ((await flying.boundingBox())!.x < video.x + video.width ? true : undefined), 5000, 'the comment to fly in');
    await guestPage.screenshot({ path: join(artifacts, 'room-page.png') });
  }, 60_000);

  it('sends a gift: the effect shows in both browsers and the balance drops', async () => {
    const admin = await api.token('web-e2e-admin', 'admin');
    await api.call('POST', '/v1/wallets/bob/recharges', admin, { amount: '10000', idempotencyKey: `web-e2e-${roomId}` });
    await viewerPage.reload();
    const balance = viewerPage.getByTestId('balance');
    await waitFor(async () => ((await balance.textContent()) === '10,000' ? true : undefined), 15_000, 'the seeded balance');
    const gift = viewerPage.locator('button.gift').first();
    await gift.click();
    await guestPage.getByTestId('gift-effect').filter({ hasText: 'bob' }).waitFor({ timeout: 15_000 });
    await viewerPage.getByTestId('gift-effect').first().waitFor({ timeout: 5000 });
    await waitFor(async () => ((await balance.textContent()) !== '10,000' ? true : undefined), 5000, 'the new balance');
    await guestPage.screenshot({ path: join(artifacts, 'room-gift.png') });
  }, 60_000);

  it('tells a muted viewer clearly why the message was refused', async () => {
    await api.call('POST', `/v1/rooms/${roomId}/moderation/mutes`, streamer, { userId: 'bob', durationSeconds: 600, reason: 'test' });
    const notice = viewerPage.getByTestId('notice');
    // Mutes reach the write path within a couple of seconds (the speaker check is cached).
    await waitFor(
      async () => {
        await viewerPage.getByLabel('Message').fill('am I muted?');
        await viewerPage.getByLabel('Message').press('Enter');
        await viewerPage.waitForTimeout(700);
        const shown = (await notice.count()) > 0 ? await notice.last().textContent() : '';
        return shown?.includes('muted') ? shown : undefined;
      },
      15_000,
      'the mute notice',
    );
    expect(await notice.last().textContent()).toMatch(/^You are muted in this room for \d+ min more\.$/);
  }, 30_000);

  it('offers the ABR renditions and plays HTTP-FLV when chosen', async () => {
    const quality = guestPage.getByLabel('Quality');
    await quality.waitFor({ timeout: 10_000 });
    // Best first: the source rendition, then the 180p ladder step. The source is labelled by its
    // height (360p) when the publisher's metadata had arrived as the ingest pipeline started,
    // and by its name when not: which of the two depends on a race with the RTMP handshake.
    expect(await quality.locator('option').allTextContents()).toEqual([expect.stringMatching(/^Auto/), expect.stringMatching(/^(source|360p)$/), '180p']);
    await quality.selectOption({ label: '180p' });
    await guestPage.getByLabel('HTTP-FLV (low latency)').check();
    const started = await waitFor(async () => ((await videoTime(guestPage)) > 0.3 ? videoTime(guestPage) : undefined), 30_000, 'the FLV stream to start');
    await waitFor(async () => ((await videoTime(guestPage)) > started + 1 ? true : undefined), 15_000, 'the FLV stream to advance');
  }, 60_000);

  it('fits a phone screen', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await phone.newPage();
    await page.goto(`${gateway}/rooms/${roomId}`);
    await page.getByRole('heading', { name: title }).waitFor();
    await waitFor(async () => ((await videoTime(page)) > 0.5 ? true : undefined), 30_000, 'the video on a phone');
    // Nothing wider than the screen: no sideways scrolling.
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await page.screenshot({ path: join(artifacts, 'room-phone.png'), fullPage: true });
    await phone.close();
  }, 60_000);

  it('replays the recording with its danmaku at the moment it was sent', async () => {
    await broadcaster!.stop();
    broadcaster = undefined;
    const recordingId = await waitFor(() => recordingOf(mediaDir, roomId), 30_000, 'the recording');
    const grant = signPlaybackGrant({ roomId: recordingId, expiresAt: Math.floor(Date.now() / 1000) + 600 }, testSecrets.PLAYBACK_SIGNING_SECRET);
    const documentUrl = `${fleet.url('playback', 'HTTP_PORT')}/vod/${recordingId}?${grant}`;
    const page = await guest.newPage();
    await page.goto(`${gateway}/replay?doc=${encodeURIComponent(documentUrl)}`);
    await page.getByText(/\d+ danmaku/).waitFor({ timeout: 15_000 });
    await waitFor(async () => ((await videoTime(page)) > 0.2 ? true : undefined), 30_000, 'the recording to play');
    // Jump to just before the message was sent; it must appear as playback passes that moment.
    const document = (await (await fetch(documentUrl)).json()) as { danmaku: { url: string; from: number } };
    const archived = (await (await fetch(document.danmaku.url)).json()) as { items: { text: string; offsetMs: number }[] };
    const message = archived.items.find((item) => item.text === danmakuText)!;
    expect(message).toBeDefined();
    const sentAt = (message.offsetMs - document.danmaku.from) / 1000;
    await page.evaluate(`document.querySelector("video").currentTime = ${Math.max(0, sentAt - 1.5)}`);
    // Released by the schedule as playback passes the moment (a loaded machine may stall the
    // video after the seek while it fetches segments: wait for playback, not for a wall clock).
    await page.locator('.chat-line', { hasText: danmakuText }).waitFor({ timeout: 40_000 });
    expect(await videoTime(page)).toBeGreaterThanOrEqual(sentAt - 0.5);
    await page.locator('[data-testid=danmaku-layer] .danmaku-item.flying', { hasText: danmakuText }).waitFor({ state: 'attached', timeout: 5000 });
    await page.screenshot({ path: join(artifacts, 'replay.png') });
    await page.close();
  }, 90_000);

  it('lets a streamer create a room, copy its RTMP address and key, rotate the key and end it', async () => {
    const studio = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await studio.newPage();
    await page.goto(`${gateway}/studio`);
    await page.getByRole('button', { name: 'Sign in as a streamer' }).click();
    await signIn(page, 'carol', 'streamer');
    await page.getByLabel('Title').fill('Carol live');
    await page.getByRole('button', { name: 'Create room' }).click();
    await page.getByRole('heading', { name: 'Carol live' }).waitFor();
    const roomOfCarol = page.url().split('/studio/')[1];
    const publish = await api.call<{ rtmpUrl: string; streamKey: string }>('GET', `/v1/rooms/${roomOfCarol}/publish`, await api.token('carol', 'streamer'));
    expect(await page.getByTestId('rtmp-url').inputValue()).toBe(publish.rtmpUrl);
    const key = page.getByTestId('stream-key');
    expect(await key.getAttribute('type')).toBe('password');
    expect(await key.inputValue()).toBe(publish.streamKey);
    await page.getByRole('button', { name: 'Rotate stream key' }).click();
    await page.getByText('A new stream key is ready').waitFor();
    expect(await key.inputValue()).not.toBe(publish.streamKey);
    page.once('dialog', (confirm) => void confirm.accept());
    await page.getByRole('button', { name: 'End stream' }).click();
    await page.getByText('The room has ended.').waitFor();
    expect((await api.call<{ status: string }>('GET', `/v1/rooms/${roomOfCarol}`)).status).toBe('ended');
    await studio.close();
  }, 60_000);
});
