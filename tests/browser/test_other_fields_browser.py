"""原表其他栏目 (``other_fields``) as a reader sees it, at 1280 × 800 and 390 × 844: what a form
printed with no key of its own (a contact, a second unit label) is kept on the page, but as a
small note after 主要绩效, not in the answer at the top; each label with its text on one line,
within the phone's width. Seen first placed right under the facts as an unstyled list that
took 200 px of the first screen."""

from __future__ import annotations

import pytest

from tests.browser.harness import recorded_page, serve_dir
from tests.sitebuild import site_of
from tests.test_import_other_fields import PROJECT

MEASURE = """() => {
    const box = (e) => { const r = e.getBoundingClientRect();
        return {top: r.top + scrollY, bottom: r.bottom + scrollY, left: r.left, right: r.right}; };
    const block = document.querySelector('.pe-other-fields');
    const heading = [...document.querySelectorAll('article h2')]
        .find((h) => h.textContent.trim().startsWith('主要绩效'));
    const size = (e) => parseFloat(getComputedStyle(e).fontSize);
    return {
        block: box(block), facts: box(document.querySelector('table.pe-facts')),
        heading: box(heading),
        title: block.querySelector('.pe-other-fields__title').textContent,
        rows: [...block.querySelectorAll('dt')].map((dt) => [dt.textContent,
            dt.nextElementSibling.textContent, box(dt), box(dt.nextElementSibling)]),
        blockSize: size(block), bodySize: size(document.querySelector('article p')),
        pageWidth: document.documentElement.scrollWidth,
    };
}"""


@pytest.mark.parametrize(("width", "height"), [(1280, 800), (390, 844)])
def test_other_fields_are_a_small_note_after_the_achievements(browser, width: int,
                                                               height: int) -> None:
    # with 主要绩效: a project without it shows no such section (issue 46, item 11)
    site = site_of("other-fields", {"2023/p": PROJECT.replace(
        "other_fields:", "achievements:\n  - 补贴资金全部发放到户\nother_fields:")})
    with serve_dir(site) as url, recorded_page(
            browser, url, viewport={"width": width, "height": height}) as (page, record):
        page.goto(url + "projects/2023/p/")
        seen = page.evaluate(MEASURE)
        assert not record.errors, record.errors
    assert seen["title"] == "原表其他栏目"
    # below the answer (the facts) and inside 主要绩效, not between them
    assert seen["block"]["top"] > seen["facts"]["bottom"]
    assert seen["block"]["top"] > seen["heading"]["bottom"]
    assert [(name, text) for name, text, _, _ in seen["rows"]] == [
        ("项目负责人及电话", "李宁0557-5788003"), ("财务负责人", "<b>唐勇</b>")]
    for _, _, label, text in seen["rows"]:  # each label beside its text, on one line
        assert abs(label["top"] - text["top"]) < 2
        assert text["left"] > label["right"]
        assert text["right"] <= width
    assert seen["blockSize"] < seen["bodySize"]
    assert seen["pageWidth"] <= width
