#!/usr/bin/env python3
"""Writes a `git fast-import` stream of an audit history for ExportReportBench: a README commit, then N-1 stack
commits over 20 stacks (the stack YAML, generated SQL and plan JSON of AuditBench, plans of 10 changes cycling
safe / unsafe / destructive), three authors, one commit an hour, trailers Stack / Plan / Plan-Sha256 / Applied /
Target / Target-Connection (no record chain: the commits verify as made before the chain). Much faster than commits
through the API on a loaded machine.

  mkdir -p W/repo && cd W/repo && git init -q -b main && python3 gen-audit-history.py 10000 | git fast-import --done --quiet \
    && git reset -q --hard && git gc -q
"""
import hashlib, sys, time
n = int(sys.argv[1])
out = sys.stdout.buffer
def sha(s): return hashlib.sha256(s.encode()).hexdigest()
def yaml(stack, version):
    b = "stack: bench-%d\ndescription: benchmark stack\nresources:\n" % stack
    b += "  - type: postgres.role\n    name: owner_%d\n    login: true\n    password: ${env:PG_PW}\n" % stack
    b += "  - type: postgres.database\n    name: db_%d\n    owner: owner_%d\n    connection_limit: %d\n" % (stack, stack, version % 500)
    for s in range(8):
        b += "  - type: postgres.schema\n    name: schema_%d\n    database: db_%d\n    owner: owner_%d\n    comment: schema %d\n" % (s, stack, stack, s)
    return b
def regen(stack, y):
    sql = "-- generated from stacks/%s.yaml %s\n" % (stack, sha(y))
    for l in y.split("\n"):
        if l.startswith("    name: "):
            sql += 'CREATE SCHEMA IF NOT EXISTS "%s";\n' % l[10:]
    return sql
def plan(stack, version):
    p = '{\n  "stack" : "%s",\n  "summary" : {\n    "create" : 9,\n    "update" : 1,\n    "replace" : 0,\n    "drop" : 0\n  },\n  "changes" : [' % stack
    for i in range(10):
        p += (" " if i == 0 else ", ") + '{\n    "action" : "create",\n    "type" : "postgres.schema",\n'
        p += '    "name" : "schema_%d",\n    "safety" : "%s",\n' % (i, ["safe","unsafe","destructive"][i % 3])
        p += '    "statements" : [ "CREATE SCHEMA \\"schema_%d\\" -- v%d" ]\n  }' % (i, version)
    p += " ],\n  \"warnings\" : [ ]\n}\n"
    return p
def data(s):
    b = s.encode()
    out.write(b"data %d\n" % len(b)); out.write(b)
t0 = 1760000000
people = [("Ada Admin","ada@example.org"),("Bob Builder","bob@example.org"),("Cy Checker","cy@example.org")]
out.write(b"commit refs/heads/main\n")
out.write(b"committer Bench <bench@example.org> %d +0000\n" % t0)
data("Initialise mlpc config repository\n")
out.write(b"M 644 inline README.md\n"); data("# mlpc configuration repository\n")
for i in range(1, n):
    st = i % 20; stack = "bench-%d" % st
    y = yaml(st, i); p = plan(stack, i)
    name, mail = people[i % 3]
    when = t0 + i * 3600  # one commit an hour: ~60 weeks
    out.write(b"commit refs/heads/main\n")
    out.write(("author %s <%s> %d +0000\n" % (name, mail, when)).encode())
    out.write(("committer %s <%s> %d +0000\n" % (name, mail, when)).encode())
    data("Update %s to version %d\n\nStack: %s\nPlan: +9 ~1 -0\nPlan-Sha256: %s\nApplied: no\nTarget: postgres 127.0.0.1:5432/db_%d\nTarget-Connection: prod-pg\n" % (stack, i, stack, sha(p), st))
    out.write(("M 644 inline stacks/%s.yaml\n" % stack).encode()); data(y)
    out.write(("M 644 inline generated/postgres/%s.sql\n" % stack).encode()); data(regen(stack, y))
    out.write(("M 644 inline generated/postgres/%s.plan.json\n" % stack).encode()); data(p)
out.write(b"done\n")
