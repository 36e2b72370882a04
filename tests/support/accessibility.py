"""An automated accessibility check with axe-core (vendored in tests/support/axe/) for Playwright
pages: WCAG 2 A and AA rules, labels and colour contrast included."""

from __future__ import annotations

from typing import Any

from playwright.async_api import Page

from tests.support.paths import REPO

AXE = REPO / "tests" / "support" / "axe" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


async def axe_violations(page: Page) -> list[dict[str, Any]]:
    """The rules the page breaks, each as {id, impact, help, nodes: [html...]}."""
    if not await page.evaluate("() => typeof window.axe !== 'undefined'"):
        # evaluated through the devtools protocol, so the page's CSP (no inline script) holds
        await page.evaluate(AXE.read_text(encoding="utf-8") + "\n;true")
    found: list[dict[str, Any]] = await page.evaluate(
        """async (tags) => {
          const result = await window.axe.run(document, { runOnly: { type: "tag", values: tags } });
          return result.violations.map((v) => ({
            id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map((n) => n.html).slice(0, 5),
          }));
        }""",
        TAGS,
    )
    return found
