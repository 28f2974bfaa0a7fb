/**
 * The look every console page shares (the console, the directory, the Official Accounts view): one home, so a rule
 * for phones holds on all of them. At a phone's width (a 390 px iPhone) nothing may push the page sideways: grid
 * tracks shrink to the screen, the header and its nav wrap, a wide table scrolls inside its own section, and long
 * ids break.
 */
export const CONSOLE_STYLE = `
*{box-sizing:border-box}body{margin:0;font:14px/1.5 -apple-system,BlinkMacSystemFont,"PingFang SC","Microsoft YaHei",sans-serif;background:#f2f3f5;color:#1f2329}
header{background:#1f2329;color:#fff;padding:14px 24px;display:flex;flex-wrap:wrap;align-items:center;gap:8px 12px}header b{font-size:16px}header span{color:#c9cdd4;font-size:12px}header a{color:#c9cdd4}
nav{display:flex;flex-wrap:wrap;gap:4px;margin-left:auto}nav a{color:#c9cdd4;text-decoration:none;padding:4px 10px;border-radius:4px}nav a:hover{background:#3a3f47;color:#fff}
main{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(380px,100%),1fr));gap:16px;padding:16px 24px;max-width:1400px;margin:0 auto}
section{background:#fff;border-radius:10px;padding:16px;box-shadow:0 1px 2px rgba(0,0,0,.05);min-width:0;overflow-x:auto}h2{font-size:15px;margin:0 0 12px}
table{width:100%;border-collapse:collapse;font-size:13px}td,th{text-align:left;padding:6px 4px;border-bottom:1px solid #f2f3f5;vertical-align:top;overflow-wrap:break-word}th{color:#86909c;font-weight:500}
.tag{display:inline-block;background:#e8f3ff;color:#3370ff;border-radius:4px;padding:0 6px;margin:1px;font-size:12px;white-space:nowrap}.tag.warn{background:#fff7e8;color:#d25f00}.tag.err{background:#ffece8;color:#f53f3f}.tag.ok{background:#e8ffea;color:#00b42a}
.muted{color:#86909c;font-size:12px}code{background:#f2f3f5;border-radius:3px;padding:0 4px;font-size:12px;word-break:break-all}
input,select{font:inherit;padding:4px 6px;border:1px solid #e5e6eb;border-radius:4px;max-width:100%}button{font:inherit;cursor:pointer}
time{white-space:nowrap}
@media (max-width:600px){header{padding:10px 12px}nav{margin-left:0;width:100%}nav a{padding:6px 8px;background:#2b3038}main{padding:8px;gap:8px}section{padding:12px}}
`;
