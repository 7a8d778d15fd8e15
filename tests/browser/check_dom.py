#!/usr/bin/env python3
"""check_dom.py DOM.html "kind kind ..." - the charts of report.html, in the DOM
Chromium built (tests/browser/run.sh).

Every expected kind must appear as <svg data-chart="KIND">; there must be at least
three charts; every chart must be role="img", labelled (aria-labelledby pointing at
its <title>), and hold drawn marks (bars, points or lines).  No <script> and no
element that loads anything (img, link, iframe, object, external href) may be
present.  Prints one line per chart kind and exits 1 on the first problem."""
import sys
from html.parser import HTMLParser


class Charts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.charts = []  # [kind, attrs, marks, has_title]
        self.current = None
        self.depth = 0
        self.loads = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("script", "img", "iframe", "object", "embed", "link"):
            self.loads.append(tag)
        if tag == "svg" and "data-chart" in a:
            self.current = [a["data-chart"], a, 0, False]
            self.charts.append(self.current)
            self.depth = 0
        elif self.current is not None:
            if tag == "svg":
                self.depth += 1
            if tag in ("g", "rect", "circle", "path", "use") and (
                    "bar" in a.get("class", "") or "point" in a.get("class", "")
                    or "line" in a.get("class", "")):
                self.current[2] += 1
            if tag == "title" and a.get("id", "").endswith("-t"):
                self.current[3] = True
        href = a.get("href", "") or a.get("src", "")
        if href and not href.startswith("#"):
            self.loads.append(f"{tag} {href}")

    def handle_endtag(self, tag):
        if tag == "svg" and self.current is not None:
            if self.depth == 0:
                self.current = None
            else:
                self.depth -= 1


def main():
    dom, kinds = sys.argv[1], sys.argv[2].split()
    p = Charts()
    with open(dom, encoding="utf-8") as f:
        p.feed(f.read())
    bad = []
    if p.loads:
        bad.append(f"elements that load something: {p.loads[:5]}")
    if len(p.charts) < 3:
        bad.append(f"{len(p.charts)} charts, want at least 3")
    found = {}
    for kind, attrs, marks, titled in p.charts:
        found[kind] = found.get(kind, 0) + 1
        if attrs.get("role") != "img" or not attrs.get("aria-labelledby") or not titled:
            bad.append(f"chart {kind}: not role=img with a title")
        if marks == 0:
            bad.append(f"chart {kind}: nothing drawn")
    for k in kinds:
        if k not in found:
            bad.append(f"no chart data-chart={k}")
    for k in sorted(found):
        print(f"      chart {k}: {found[k]}")
    print(f"      {len(p.charts)} charts in the DOM")
    for b in bad:
        print("      problem:", b)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
