"""axe-core in the browser tests (issue #16): run the vendored checker on the page a test has
open and report what it finds that stops or seriously hinders someone."""

from __future__ import annotations

from typing import Any

# Violations of these impacts fail a test; "moderate" and "minor" are advice (axe's own scale).
BLOCKING = ("serious", "critical")
AXE_URL = "/static/vendor/axe/axe.min.js"  # vendored by scripts/vendor_static.sh


def inject(page) -> None:
    """Load the vendored axe-core into `page` from our own origin (the Content Security Policy
    allows scripts from 'self' only, so an inline copy would be refused)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(url=AXE_URL)  # resolved against the page: our origin
        page.wait_for_function("() => typeof window.axe === 'object'")


def violations(page, impacts: tuple[str, ...] = BLOCKING) -> list[dict[str, Any]]:
    """Run axe on the whole document of `page`; returns its violations of the given impacts,
    each as axe reports it (id, impact, help, nodes with target, summary and data)."""
    inject(page)
    results = page.evaluate(
        """async () => {
            const results = await axe.run(document, {resultTypes: ["violations"]});
            return results.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({
                    target: n.target, impact: n.impact, html: n.html.slice(0, 200),
                    summary: n.failureSummary,
                    data: [...n.any, ...n.all, ...n.none].map(c => c.data).filter(Boolean),
                })),
            }));
        }"""
    )
    return [v for v in results if v["impact"] in impacts]


def describe(found: list[dict[str, Any]]) -> str:
    """One line per failing element: rule, target, and for colour contrast the two colours,
    the ratio reached and the ratio needed."""
    lines = []
    for violation in found:
        for node in violation["nodes"]:
            line = f"{violation['id']} ({node['impact'] or violation['impact']}) {node['target']}"
            for data in node["data"]:
                if isinstance(data, dict) and "contrastRatio" in data:
                    line += (
                        f" {data.get('fgColor')} on {data.get('bgColor')}:"
                        f" {data.get('contrastRatio')}:1, needs {data.get('expectedContrastRatio')}"
                    )
            lines.append(line + f"\n    {node['html']}")
    return "\n".join(lines)


def assert_no_serious_violations(page, where: str = "") -> None:
    """Fail with a readable list when axe finds a serious or critical violation on `page`."""
    found = violations(page)
    assert not found, f"axe on {where or page.url}:\n{describe(found)}"
