import { describe, expect, it } from 'vitest';
import { HUD_CSP, hudHtml } from './hud-html';

describe('the HUD page', () => {
  it('shows the view\'s text, escaped, under a CSP that allows no script', () => {
    const html = hudHtml({ state: 'done', tone: 'success', title: 'Added <b>"Tea" & cake</b>', detail: '“add tea”', hint: 'Undo …' });
    expect(html).toContain(`content="${HUD_CSP}"`);
    expect(HUD_CSP).toBe("default-src 'none'; style-src 'unsafe-inline'");
    expect(html).toContain('<div class="title">Added &lt;b&gt;&quot;Tea&quot; &amp; cake&lt;/b&gt;</div>');
    expect(html).not.toMatch(/<script|\son\w+=/i);
  });

  it('draws the level meter while listening', () => {
    expect(hudHtml({ state: 'listening', tone: 'active', title: 'Listening…', level: 0.42 })).toContain('<div class="meter"><div style="width:42%"></div></div>');
    expect(hudHtml({ state: 'transcribing', tone: 'active', title: 'Transcribing…' })).not.toContain('meter"><div');
  });
});
