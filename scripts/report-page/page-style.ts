/** The pages' inline stylesheet. */
export const PAGE_CSS = `
:root { color-scheme: light; }
body { margin: 0; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #111827; background: #f6f7f9; }
header { padding: 20px 32px 12px; background: #fff; border-bottom: 1px solid #e5e7eb; }
h1 { margin: 0; font-size: 22px; }
.subtitle { margin: 4px 0 0; color: #4b5563; }
main { padding: 8px 32px 32px; max-width: 1280px; }
section { background: #fff; border: 1px solid #e5e7eb; border-radius: 8px; padding: 16px 20px; margin: 16px 0; }
h2 { margin: 0 0 8px; font-size: 17px; }
.intro { margin: 0 0 12px; color: #4b5563; }
figure.chart { margin: 0 0 12px; overflow-x: auto; }
figure.chart svg { max-width: 100%; height: auto; }
figcaption { color: #6b7280; font-size: 12px; }
.charts { display: flex; flex-wrap: wrap; gap: 16px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #eef0f3; vertical-align: top; }
th { background: #f9fafb; font-weight: 600; }
dl.settings { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0; }
dt { font-weight: 600; color: #374151; }
dd { margin: 0; }
details { border-top: 1px solid #eef0f3; padding: 4px 0; }
summary { cursor: pointer; font-weight: 600; }
details pre, pre { background: #f9fafb; padding: 8px; border-radius: 4px; overflow-x: auto; font-size: 12px; margin: 6px 0; }
.badge { display: inline-block; padding: 2px 10px; border-radius: 999px; font-weight: 600; }
.badge.ok { background: #dcfce7; color: #166534; }
.badge.warn { background: #fef3c7; color: #92400e; }
.badge.bad { background: #fee2e2; color: #991b1b; }
.empty { color: #6b7280; font-style: italic; }
`;
