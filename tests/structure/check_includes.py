#!/usr/bin/env python3
"""Checks every #include of the source tree against tests/structure/include-rules.txt.

Each include is resolved as the compiler would (the including file's own
folder first, then its area's include roots); one that names a file of the
tree must be allowed by the rule of the including file's folder, or be one of
the listed exceptions. Prints every forbidden include as file:line and exits
1; an exception that no longer matches an include fails too, so the list only
shrinks.

    check_includes.py [--root DIR] [--rules FILE]
"""
import argparse
import os
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]([^>"]+)[>"]')
SOURCE_SUFFIXES = ('.h', '.hpp', '.cpp', '.cc')


class RulesError(Exception):
    pass


class Rules:
    """The parsed rules file (its grammar is described at its top)."""

    def __init__(self):
        self.roots = {}  # area -> [include roots]
        self.sets = {}  # @name -> [paths]
        self.rules = []  # (folder pattern, [allowed paths])
        self.exceptions = {}  # (file, target) -> line number in the rules file
        self.public = []  # (public folder, the folder it mirrors)

    @staticmethod
    def parse(path):
        rules = Rules()
        with open(path, encoding='utf-8') as f:
            for number, raw in enumerate(f, 1):
                line = raw.split('#', 1)[0].strip()
                if not line:
                    continue
                keyword, _, rest = line.partition(' ')
                if keyword == 'except':
                    source, arrow, target = rest.partition('->')
                    if not arrow or not source.strip() or not target.strip():
                        raise RulesError(f'{path}:{number}: expected "except FILE -> FILE"')
                    rules.exceptions[(source.strip(), target.strip())] = number
                    continue
                name, colon, values = rest.partition(':')
                if not colon or not name.strip():
                    raise RulesError(f'{path}:{number}: expected "{keyword} NAME: ..."')
                name, values = name.strip(), values.split()
                if keyword == 'roots':
                    rules.roots[name] = values
                elif keyword == 'public':
                    if len(values) != 1:
                        raise RulesError(f'{path}:{number}: expected "public FOLDER: MIRRORED"')
                    rules.public.append((name, values[0]))
                elif keyword == 'set':
                    if not name.startswith('@'):
                        raise RulesError(f'{path}:{number}: a set is named @name')
                    rules.sets[name] = rules.expand(values, path, number)
                elif keyword == 'rule':
                    rules.rules.append((name, rules.expand(values, path, number)))
                else:
                    raise RulesError(f'{path}:{number}: unknown keyword "{keyword}"')
        return rules

    def expand(self, values, path, number):
        out = []
        for v in values:
            if v.startswith('@'):
                if v not in self.sets:
                    raise RulesError(f'{path}:{number}: unknown set {v} (define it above)')
                out.extend(self.sets[v])
            else:
                out.append(v)
        return out

    def logical(self, path):
        """Where a file of a public folder belongs for the rules: the folder it
        mirrors (gateway/include/store/X.h is part of gateway/store)."""
        for folder, mirrored in self.public:
            if under(path, folder):
                return mirrored.rstrip('/') + path[len(folder.rstrip('/')):]
        return path

    def private_for(self, physical, found):
        """The public folder whose header `physical` includes the private
        `found` of the folder it mirrors (a user of the API could not
        compile it), or None."""
        for folder, mirrored in self.public:
            if under(physical, folder) and under(found, mirrored) and not under(found, folder):
                return folder
        return None

    def rule_for(self, file):
        """(own folder, allowed paths) of the longest rule folder holding `file`."""
        best = None
        parts = file.split('/')[:-1]
        for pattern, allowed in self.rules:
            pat = pattern.split('/')
            if len(pat) > len(parts):
                continue
            if all(p == '*' or p == q for p, q in zip(pat, parts)):
                if best is None or len(pat) > len(best[0]):
                    best = (parts[:len(pat)], allowed)
        if best is None:
            return None
        return '/'.join(best[0]), best[1]


def under(path, prefix):
    return path == prefix or path.startswith(prefix.rstrip('/') + '/')


def resolve(root, file, name, roots):
    """The tree file an include names, or None (a system or Qt header)."""
    for base in [os.path.dirname(file)] + roots:
        candidate = os.path.normpath(os.path.join(base, name))
        if not candidate.startswith('..') and os.path.isfile(os.path.join(root, candidate)):
            return candidate.replace(os.sep, '/')
    return None


def check(root, rules_path, out=sys.stdout):
    """Returns the number of problems found (printed to `out`)."""
    rules = Rules.parse(rules_path)
    problems = 0
    used = set()
    for area, roots in sorted(rules.roots.items()):
        for folder, dirs, files in os.walk(os.path.join(root, area)):
            dirs.sort()
            for name in sorted(files):
                if not name.endswith(SOURCE_SUFFIXES):
                    continue
                physical = os.path.relpath(os.path.join(folder, name), root).replace(os.sep, '/')
                file = rules.logical(physical)
                rule = rules.rule_for(file)
                if rule is None:
                    continue
                own, allowed = rule
                with open(os.path.join(root, physical), encoding='utf-8',
                          errors='replace') as f:
                    for number, line in enumerate(f, 1):
                        m = INCLUDE.match(line)
                        if not m:
                            continue
                        found = resolve(root, physical, m.group(1), roots)
                        if found is None:
                            continue
                        public = rules.private_for(physical, found)
                        if public:
                            problems += 1
                            print(f'{physical}:{number}: public header includes "{m.group(1)}" '
                                  f'({found}), which is not under {public}: the API\'s users '
                                  'cannot include it', file=out)
                            continue
                        # Allowed by where the header is (a public folder)
                        # or by the folder it belongs to.
                        target = rules.logical(found)
                        if under(target, own):
                            continue
                        if any(under(found, a) or under(target, a) for a in allowed):
                            continue
                        if (file, target) in rules.exceptions:
                            used.add((file, target))
                            continue
                        problems += 1
                        print(f'{physical}:{number}: forbidden include "{m.group(1)}" ({target}): '
                              f'{own} may include only its own folder and '
                              f'{" ".join(allowed) or "nothing else"}', file=out)
    for (file, target), number in sorted(rules.exceptions.items(), key=lambda e: e[1]):
        if (file, target) not in used:
            problems += 1
            print(f'{rules_path}:{number}: the exception "{file} -> {target}" matches no include '
                  'any more: remove it', file=out)
    return problems


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--root', default=os.path.normpath(os.path.join(here, '..', '..')))
    parser.add_argument('--rules', default=os.path.join(here, 'include-rules.txt'))
    args = parser.parse_args()
    try:
        problems = check(args.root, args.rules)
    except RulesError as e:
        print(e, file=sys.stderr)
        return 2
    if problems:
        print(f'{problems} include rule problem(s); the rules: {args.rules}, '
              'why: docs/architecture.md#include-rules', file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
