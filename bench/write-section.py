#!/usr/bin/env python3
"""Puts a markdown table file into docs/benchmarks.md between its section's markers, atomically.

    bench/write-section.py NAME SCRIPT TABLE

NAME names the markers (<!-- NAME: begin (rewritten by SCRIPT) --> ... <!-- NAME: end -->); a section
not yet in the file is added at its end. Used by bench/speedup.sh and bench/align.sh.
"""
import os
import re
import sys

name, script, table_file = sys.argv[1:4]
out = 'docs/benchmarks.md'
doc = open(out, encoding='utf-8').read()
table = open(table_file, encoding='utf-8').read()
begin = '<!-- %s: begin (rewritten by %s) -->' % (name, script)
end = '<!-- %s: end -->' % name
block = begin + '\n' + table.rstrip('\n') + '\n' + end + '\n'
if begin in doc:
    doc = re.sub(re.escape(begin) + r'.*?' + re.escape(end) + r'\n', lambda m: block, doc, flags=re.S)
else:
    doc = doc.rstrip('\n') + '\n\n' + block
open(out + '.tmp', 'w', encoding='utf-8').write(doc)
os.replace(out + '.tmp', out)
print('wrote the %s section into %s' % (name, out))
