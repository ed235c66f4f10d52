#!/usr/bin/env python3
"""Aggregates `jfr print --events jdk.ExecutionSample` output: top self frames and top
dev.otelpresets frames (inclusive) for threads whose name contains a filter (default: the JMH
worker). Usage: jfr print --events jdk.ExecutionSample --stack-depth 40 rec.jfr | bench/jfr-top.py [thread-filter]"""
import re, sys, collections
flt = sys.argv[1] if len(sys.argv) > 1 else "jmh-worker"
self_c, incl_c, total = collections.Counter(), collections.Counter(), 0
block, thread = [], None
def flush():
    global total
    if thread and flt in thread and block:
        total += 1
        self_c[block[0]] += 1
        for f in set(block):
            incl_c[f] += 1
for line in sys.stdin:
    line = line.rstrip()
    if line.startswith("jdk.ExecutionSample"):
        flush(); block, thread = [], None
    m = re.search(r'sampledThread = "([^"]*)"', line)
    if m: thread = m.group(1)
    m = re.match(r'\s+([\w$.<>]+)\(.*\)\s+line:', line)
    if m: block.append(m.group(1))
flush()
print(f"{total} samples on threads matching '{flt}'")
print("-- self --")
for f, c in self_c.most_common(25): print(f"{100*c/total:5.1f}% {f}")
print("-- inclusive (frames of interest) --")
for f, c in incl_c.most_common(400):
    if any(k in f for k in ("dev.otelpresets", "SdkSpan", "Attributes", "BatchSpanProcessor", "ArrayBlockingQueue", "Json", "ConcurrentHashMap")):
        print(f"{100*c/total:5.1f}% {f}")
