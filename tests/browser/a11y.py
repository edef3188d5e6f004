"""Run axe-core (vendored from npm, see vendor/README.md) on a page: WCAG 2.1 A and AA rules."""

from __future__ import annotations

from pathlib import Path
from typing import Any

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

_RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ") + " :: " + n.failureSummary),
  }));
}"""


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Return axe-core's WCAG 2.1 AA violations on the page as it is now."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))  # the context bypasses the page's CSP for this
    return page.evaluate(_RUN, WCAG_21_AA)  # type: ignore[no-any-return]


def describe(violations: list[dict[str, Any]]) -> str:
    """Return the violations as lines a person can act on."""
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        lines.extend(f"    {node}" for node in v["nodes"])
    return "\n".join(lines)
