"""Japanese headings and list labels break between phrases, never inside a word, on a phone
(issue #16: 「研/修」 in the event list's title, 「コンサルティ/ング」 in the employer directory),
and long text still wraps: nothing is wider than the screen. static/css/site.css sets
`word-break: auto-phrase` (Chromium 119 and later, with lang="ja" on <html>)."""

from __future__ import annotations

import pytest

from jetcareer.choices import Industry, Prefecture
from tests.e2e.conftest import screenshot
from tests.employers.factories import EmployerFactory
from tests.events.factories import EventFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}

# How many lines each occurrence of `word` inside the elements of `selector` spans: a range
# over the word has one box per line it is set on.
LINES_OF_WORD = """([selector, word]) => {
  const lines = [];
  for (const element of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (let at = node.data.indexOf(word); at >= 0; at = node.data.indexOf(word, at + 1)) {
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + word.length);
        lines.push(new Set([...range.getClientRects()].map((box) => Math.round(box.top))).size);
      }
    }
  }
  return lines;
}"""


def phone_page(browser, live_server):
    context = browser.new_context(viewport=PHONE, locale="ja")
    context.set_default_timeout(15_000)
    context.add_cookies([{"name": "django_language", "value": "ja", "url": live_server.url}])
    return context, context.new_page()


def fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url}: {width} px wide on a phone"


def test_japanese_headings_and_list_labels_keep_their_words_whole_on_a_phone(
    browser, live_server
) -> None:
    EventFactory(
        title_en="Career Vision Training for JET Participants",
        title_ja="JET参加者のためのキャリアビジョン研修（オンライン開催・全3回）",
    )
    # Names of every length, so that somewhere a word meets the end of a line.
    words = ["さくら", "富士", "青空", "ひかり", "みなと", "風", "みどり", "大和"]
    for n, word in enumerate(words):
        EmployerFactory(
            name_ja=f"株式会社{word}ビジネスコンサルティング{'・ジャパン' * (n % 3)}",
            name_en=f"{word} Consulting",
            industry=Industry.CONSULTING,
            prefecture=Prefecture.TOKYO,
        )
    context, page = phone_page(browser, live_server)

    page.goto(live_server.url + "/events/")
    assert page.evaluate("document.documentElement.lang") == "ja"
    assert page.locator("h1").evaluate("e => getComputedStyle(e).wordBreak") == "auto-phrase"
    # 「キャリアフェア・ウェビナー・研修」 is wider than a phone: it breaks after a 「・」.
    assert page.evaluate(LINES_OF_WORD, ["h1", "研修"]) == [1]
    assert page.evaluate(LINES_OF_WORD, [".card-title", "キャリアビジョン"]) == [1]
    fits(page)
    screenshot(page, "line-breaks-events-ja-phone")

    page.goto(live_server.url + "/employers/")
    lines = page.evaluate(LINES_OF_WORD, ["#employers .list-group-item", "コンサルティング"])
    assert len(lines) == 2 * len(words)  # in each name and each industry
    assert set(lines) == {1}, lines
    fits(page)
    screenshot(page, "line-breaks-employers-ja-phone")
    context.close()


def test_a_japanese_heading_longer_than_the_screen_still_wraps(browser, live_server) -> None:
    # One phrase wider than a phone (no place to break between phrases) must not push the
    # page sideways: it wraps inside as a last resort.
    event = EventFactory(title_ja="国際交流" * 12 + "研修")
    context, page = phone_page(browser, live_server)
    page.goto(live_server.url + event.get_absolute_url())
    assert page.locator("h1").evaluate("e => getComputedStyle(e).wordBreak") == "auto-phrase"
    fits(page)
    context.close()
