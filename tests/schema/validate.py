#!/usr/bin/env python3
"""validate.py SCHEMA FILE_OR_DIR... - validate report.json files against
docs/report.schema.json (JSON Schema draft 2020-12, python3-jsonschema).

Directories are searched for *.json files.  Prints one line per invalid file with
the first errors (path in the document, message) and a summary line; exits 1 when
a file is invalid, or when no file was given at all (a validation that checks
nothing proves nothing).  A self-test then breaks a copy of the first valid report
of each kind (no checks, an unknown key, the other kind, a malformed scenario) and
fails when the schema accepts any of them."""
import json
import os
import sys

try:
    import jsonschema
except ImportError:
    print("schema: python3-jsonschema is not installed (make deps installs it)")
    sys.exit(77)


def files(args):
    for a in args:
        if os.path.isdir(a):
            for root, _, names in os.walk(a):
                for n in sorted(names):
                    if n.endswith(".json"):
                        yield os.path.join(root, n)
        else:
            yield a


def self_test(v, args):
    """The schema must be able to fail: broken copies of the first valid report
    of each kind must be rejected."""
    import copy
    seen = set()
    for path in files(args):
        try:
            with open(path, encoding="utf-8") as f:
                doc = json.load(f)
        except (OSError, ValueError):
            continue
        kind = doc.get("model", {}).get("kind") if isinstance(doc, dict) else None
        if kind in seen or any(True for _ in v.iter_errors(doc)):
            continue
        seen.add(kind)
        broken = []
        d = copy.deepcopy(doc)
        del d["checks"]
        broken.append(("without checks", d))
        d = copy.deepcopy(doc)
        d["unknown_key"] = 1
        broken.append(("with an unknown key", d))
        d = copy.deepcopy(doc)
        d["model"]["kind"] = "cge" if kind == "io" else "io"
        broken.append(("with the other kind", d))
        d = copy.deepcopy(doc)
        d["scenarios"] = [{"name": 1}]
        broken.append(("with a bad scenario", d))
        for what, d in broken:
            if not any(True for _ in v.iter_errors(d)):
                print(f"schema: a {kind} report {what} was accepted: the schema is too loose")
                return False
    return True


def main():
    if len(sys.argv) < 3:
        print(__doc__)
        return 2
    with open(sys.argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    v = cls(schema)
    n = bad = 0
    kinds = {}
    for path in files(sys.argv[2:]):
        n += 1
        try:
            with open(path, encoding="utf-8") as f:
                doc = json.load(f)
        except (OSError, ValueError) as e:
            print(f"schema: {path}: not JSON: {e}")
            bad += 1
            continue
        kind = doc.get("model", {}).get("kind", "?") if isinstance(doc, dict) else "?"
        kinds[kind] = kinds.get(kind, 0) + 1
        errors = sorted(v.iter_errors(doc), key=lambda e: list(e.absolute_path))
        if errors:
            bad += 1
            print(f"schema: {path} ({kind}): {len(errors)} errors")
            # oneOf hides the cause: show the errors of the branch for this kind.
            for e in errors[:3]:
                for c in sorted(e.context or [], key=lambda c: len(list(c.absolute_path)))[:4]:
                    print(f"    {'/'.join(map(str, c.absolute_path))}: {c.message[:200]}")
                print(f"    {'/'.join(map(str, e.absolute_path))}: {e.message[:200]}")
    if n > bad and not self_test(v, sys.argv[2:]):
        bad += 1
    by = ", ".join(f"{k} {c}" for k, c in sorted(kinds.items()))
    print(f"schema: {n - bad} of {n} reports valid ({by})")
    if n == 0:
        print("schema: no report.json to validate")
        return 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
