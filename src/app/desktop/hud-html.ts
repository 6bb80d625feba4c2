import type { HudTone, HudView } from './hud';

/**
 * The HUD window's page, made from a HudView: static HTML with no script at all, so the window
 * runs with JavaScript off, no preload and a CSP that allows only its inline style. Each state
 * change loads a fresh page; the HUD has no other way in.
 */
export const HUD_CSP = "default-src 'none'; style-src 'unsafe-inline'";

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const TONE_COLORS: Record<HudTone, string> = {
  neutral: '#9aa4b2',
  active: '#4f8cff',
  success: '#2fb67c',
  question: '#e0a030',
  error: '#e5534b',
};

export function hudHtml(view: HudView): string {
  const line = (cls: string, text: string | undefined) => (text ? `<div class="${cls}">${escapeHtml(text)}</div>` : '');
  const meter = view.level === undefined ? '' : `<div class="meter"><div style="width:${Math.round(view.level * 100)}%"></div></div>`;
  return `<!doctype html>
<html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${HUD_CSP}"><title>TempoPilot</title>
<style>
html,body{margin:0;height:100%;background:transparent;font:14px system-ui,sans-serif;color:#f4f6fa;overflow:hidden;user-select:none}
.hud{box-sizing:border-box;height:100%;padding:12px 16px;border-radius:12px;background:rgba(24,28,36,.92);border-left:4px solid ${TONE_COLORS[view.tone]}}
.title{font-size:15px;font-weight:600;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.detail{margin-top:4px;color:#c7cdd8;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.hint{margin-top:6px;font-size:12px;color:#9aa4b2}
.meter{margin-top:8px;height:6px;border-radius:3px;background:#2c3240}.meter div{height:100%;border-radius:3px;background:${TONE_COLORS.active}}
</style></head>
<body><div class="hud ${view.state}" role="status">${line('title', view.title)}${line('detail', view.detail)}${meter}${line('hint', view.hint)}</div></body></html>`;
}
