"""A citizen's tour of the site at 1280 × 800 and 390 × 844 (issue 33 item 9): the home page,
a year, a department, a third-party and a self-evaluated project, the rectification page and
search. Each is saved under tests/screenshots/ (git-ignored) as ``tour-<page>-<width>.png``
for a person to look at; the test asserts what was looked at: the page's heading in the
first screen, nothing wider than the window, no script error, and in search the first
result with its facts line inside the first screen."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.harness import open_search, recorded_page, serve_dir
from tests.honest_synth import synthetic_site
from tests.sitebuild import ROOT, built

SHOTS = ROOT / "tests" / "screenshots"
SCREENS = [(1280, 800), (390, 844)]
SEED_PAGES = {"home": "", "year": "years/2017/", "department": "departments/hezuojiaoliu/",
              "third-party": "projects/2017/video-conference/",
              "rectification": "rectification/"}


def _look(page, name: str, width: int, height: int) -> None:  # noqa: ANN001 - Playwright's
    page.wait_for_load_state("networkidle")
    SHOTS.mkdir(parents=True, exist_ok=True)
    shot = SHOTS / f"tour-{name}-{width}.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
    box = page.locator("article h1").first.bounding_box()
    assert box is not None and box["y"] + box["height"] <= height, (name, box)
    assert page.evaluate("document.documentElement.scrollWidth") <= width, name


@pytest.mark.parametrize(("width", "height"), SCREENS)
def test_a_tour_of_the_seed_site(browser, width: int, height: int) -> None:
    with serve_dir(built("seed").site_dir) as url, recorded_page(
            browser, url, viewport={"width": width, "height": height}) as (page, record):
        for name, path in SEED_PAGES.items():
            page.goto(url + path)
            _look(page, name, width, height)
        page.goto(url)
        open_search(page)
        page.locator("input.md-search__input").fill("视频会议")
        facts = page.locator(".md-search-result__item .pe-search-facts").first
        expect(facts).to_be_visible(timeout=10_000)
        page.wait_for_timeout(300)
        page.screenshot(path=str(SHOTS / f"tour-search-{width}.png"))
        box = facts.bounding_box()
        assert box is not None and box["y"] + box["height"] <= height
        assert box["x"] >= 0 and box["x"] + box["width"] <= width
        assert not record.errors, record.errors


@pytest.mark.parametrize(("width", "height"), SCREENS)
def test_a_self_evaluated_project(browser, width: int, height: int) -> None:
    with serve_dir(synthetic_site()) as url, recorded_page(
            browser, url, viewport={"width": width, "height": height}) as (page, record):
        page.goto(url + "projects/2020/self/")
        _look(page, "self-evaluation", width, height)
        assert not record.errors, record.errors
