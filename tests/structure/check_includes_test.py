#!/usr/bin/env python3
"""The include checker on small trees: it must fail on what the rules forbid."""
import io
import os
import sys
import tempfile
import unittest

sys.dont_write_bytecode = True  # nothing written into the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check_includes  # noqa: E402

RULES = """
roots eng: eng sdk
roots plugins: sdk
set @api: eng/Api.h
rule eng/low:
rule eng/high: eng/low
rule eng: eng @api
rule plugins/*: sdk
"""


class IncludeRulesTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.root = self.dir.name
        self.write('eng/Api.h', '#pragma once\n')
        self.write('eng/low/Low.h', '#pragma once\n#include <vector>\n#include "Other.h"\n')
        self.write('eng/low/Other.h', '#pragma once\n')
        self.write('eng/high/High.cpp', '#include "low/Low.h"\n#include <QString>\n')
        self.write('sdk/plugin.h', '#pragma once\n')
        self.write('plugins/a/A.cpp', '#include <plugin.h>\n#include "A.h"\n')
        self.write('plugins/a/A.h', '#pragma once\n')
        self.write('plugins/b/B.h', '#pragma once\n')

    def tearDown(self):
        self.dir.cleanup()

    def write(self, path, text):
        full = os.path.join(self.root, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, 'w', encoding='utf-8') as f:
            f.write(text)

    def run_check(self, extra_rules=''):
        self.write('rules.txt', RULES + extra_rules)
        out = io.StringIO()
        problems = check_includes.check(self.root, os.path.join(self.root, 'rules.txt'), out)
        return problems, out.getvalue()

    def test_a_tree_that_keeps_the_rules_passes(self):
        self.assertEqual(self.run_check(), (0, ''))

    def test_an_upward_include_is_named_with_file_line_and_include(self):
        self.write('eng/low/Low.h', '#pragma once\n\n#include "high/High.h"\n')
        self.write('eng/high/High.h', '#pragma once\n')
        problems, out = self.run_check()
        self.assertEqual(problems, 1)
        self.assertIn('eng/low/Low.h:3: forbidden include "high/High.h" (eng/high/High.h)', out)

    def test_a_file_outside_the_allowed_set_is_refused(self):
        self.write('eng/Internal.h', '#pragma once\n')
        self.write('plugins/a/A.cpp', '#include "../../eng/Internal.h"\n')
        problems, out = self.run_check()
        self.assertEqual(problems, 1)
        self.assertIn('plugins/a/A.cpp:1:', out)

    def test_each_wildcard_folder_is_its_own(self):
        self.write('plugins/a/A.cpp', '#include "../b/B.h"\n')
        problems, out = self.run_check()
        self.assertEqual(problems, 1)
        self.assertIn('plugins/a/A.cpp:1: forbidden include "../b/B.h" (plugins/b/B.h)', out)

    def test_an_exception_allows_one_include_and_must_stay_in_use(self):
        self.write('eng/low/Low.h', '#include "high/High.h"\n')
        self.write('eng/high/High.h', '#pragma once\n')
        self.assertEqual(self.run_check('except eng/low/Low.h -> eng/high/High.h\n'), (0, ''))
        self.write('eng/low/Low.h', '#pragma once\n')
        problems, out = self.run_check('except eng/low/Low.h -> eng/high/High.h\n')
        self.assertEqual(problems, 1)
        self.assertIn('matches no include any more', out)

    def public_tree(self):
        """An engine with a public folder (eng/pub mirrors eng) and a user of it."""
        self.write('eng/pub/low/Api.h', '#pragma once\n#include "low/Shared.h"\n')
        self.write('eng/pub/low/Shared.h', '#pragma once\n')
        self.write('eng/low/Low.cpp', '#include "low/Api.h"\n')
        self.write('eng/high/High.cpp', '#include "low/Low.h"\n#include "low/Api.h"\n')
        self.write('user/User.cpp', '#include "low/Api.h"\n')
        return ('roots eng: eng eng/pub sdk\nroots user: user eng/pub\npublic eng/pub: eng\n'
                'set @pub: eng/pub\nrule user: @pub\n')

    def test_a_public_header_belongs_to_the_folder_it_mirrors(self):
        rules = self.public_tree()
        self.assertEqual(self.run_check(rules), (0, ''))
        # Public low/ on public high/ is upward all the same.
        self.write('eng/pub/low/Api.h', '#pragma once\n#include "high/HighApi.h"\n')
        self.write('eng/pub/high/HighApi.h', '#pragma once\n')
        problems, out = self.run_check(rules)
        self.assertEqual(problems, 1, out)
        self.assertIn('eng/pub/low/Api.h:2: forbidden include "high/HighApi.h" '
                      '(eng/high/HighApi.h): eng/low may include only its own folder', out)

    def test_the_api_users_may_include_the_public_folder_only(self):
        rules = self.public_tree()
        self.write('user/User.cpp', '#include "low/Api.h"\n#include "../eng/low/Low.h"\n')
        problems, out = self.run_check(rules)
        self.assertEqual(problems, 1, out)
        self.assertIn('user/User.cpp:2: forbidden include "../eng/low/Low.h"', out)

    def test_a_public_header_may_not_include_a_private_one(self):
        rules = self.public_tree()
        self.write('eng/pub/low/Api.h', '#pragma once\n#include "low/Low.h"\n')
        problems, out = self.run_check(rules)
        self.assertEqual(problems, 1, out)
        self.assertIn('eng/pub/low/Api.h:2: public header includes "low/Low.h" (eng/low/Low.h)', out)

    def test_a_malformed_rule_is_an_error(self):
        with self.assertRaises(check_includes.RulesError):
            self.run_check('rule eng/low eng/high\n')
        with self.assertRaises(check_includes.RulesError):
            self.run_check('rule eng/x: @nowhere\n')


if __name__ == '__main__':
    unittest.main()
