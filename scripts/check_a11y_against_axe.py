#!/usr/bin/env python3
"""Check the accessibility audits' test fixtures against axe-core itself.

Runs every passing and failing fixture of tests/optimization/test_accessibility_audits.py
through axe-core (the copy Lighthouse installs) in headless Chromium at Lighthouse's phone
viewport, and through the scanner's audit of the same id, and prints where they disagree.
Lighthouse's informative audits count axe's "needs review" as failing and report nothing
to list as not applicable, as Lighthouse does.

    PYTHONPATH=$PWD .venv/bin/python scripts/check_a11y_against_axe.py
    LIGHTHOUSE_NODE_MODULES=/path/to/node_modules CHROMIUM=/usr/bin/chromium ...

Needs Node.js with puppeteer-core and axe-core (both come with `npm install lighthouse`).
Exit status 1 when a verdict differs.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "code24.settings")
django.setup()

from optimization.scanner.base import AUDITS  # noqa: E402
from tests.optimization.test_accessibility_audits import CASES, _html, crawl_of  # noqa: E402

NODE_MODULES = os.environ.get("LIGHTHOUSE_NODE_MODULES", "/work/lighthouse/node_modules")
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
INFORMATIVE = {
    "bypass",
    "duplicate-id-aria",
    "empty-heading",
    "form-field-multiple-labels",
    "landmark-one-main",
    "video-caption",
}
NOT_AXE = {"declared-contrast"}

RUNNER = """
const fs = require('fs');
const puppeteer = require(process.env.NM + '/puppeteer-core');
const axeSource = fs.readFileSync(process.env.NM + '/axe-core/axe.min.js', 'utf8');
(async () => {
  const fixtures = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  const browser = await puppeteer.launch({executablePath: process.env.CHROMIUM,
    headless: 'new', args: ['--no-sandbox', '--disable-gpu']});
  const page = await browser.newPage();
  await page.setViewport({width: 412, height: 823, deviceScaleFactor: 1.75,
    isMobile: true, hasTouch: true});
  const out = [];
  for (const fx of fixtures) {
    await page.setContent(fx.html, {waitUntil: 'load'});
    await page.evaluate(axeSource);
    out.push(await page.evaluate(async (rule) => {
      const r = await axe.run(document, {runOnly: {type: 'rule', values: [rule]}});
      if (r.violations.length) return 'fail';
      if (r.incomplete.length) return 'review';
      if (r.passes.length) return 'pass';
      return 'na';
    }, fx.rule));
  }
  await browser.close();
  console.log(JSON.stringify(out));
})().catch(e => { console.error(e); process.exit(1); });
"""


def main() -> int:
    fixtures = [
        {"rule": audit_id, "kind": kind, "html": _html(markup)}
        for audit_id, passing, failing in CASES
        if audit_id not in NOT_AXE
        for kind, markup in (("passing", passing), ("failing", failing))
    ]
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "fixtures.json"
        data.write_text(json.dumps(fixtures))
        script = Path(tmp) / "run.js"
        script.write_text(RUNNER)
        env = {**os.environ, "NM": NODE_MODULES, "CHROMIUM": CHROMIUM}
        axe = json.loads(subprocess.check_output(["node", str(script), str(data)], env=env))
    differences = 0
    for fixture, verdict in zip(fixtures, axe, strict=True):
        rule = fixture["rule"]
        expected = {"na": "not-applicable", "pass": "pass", "fail": "fail"}.get(verdict, "pass")
        if verdict == "review" and rule in INFORMATIVE:
            expected = "fail"
        if expected == "pass" and rule in INFORMATIVE:
            expected = "not-applicable"
        ours = AUDITS[rule].check(crawl_of(fixture["html"])).outcome
        if ours != expected:
            differences += 1
            print(f"{rule} ({fixture['kind']} fixture): axe {verdict}, scanner {ours}")
    print(f"{len(fixtures)} fixtures, {differences} verdicts differ from axe-core")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
