#!/usr/bin/env python3
"""Generates the scan benchmark tree: GROUPS folders of 50 repositories of ~1,000 files each,
shaped like real service repositories (sources, tests, docs, config YAML, Kubernetes manifests,
CI, a Dockerfile, a vendored node_modules in some). Deterministic (seeded). Never commit the tree.

usage: gen_tree.py DEST [GROUPS]   (4 groups = 200 repositories, ~200,000 files)
"""
import os
import random
import sys

dest = sys.argv[1]
groups = int(sys.argv[2]) if len(sys.argv) > 2 else 4
rng = random.Random(42)
WORDS = "invoice shipment carrier route depot parcel customer rate quote tariff order stock".split()
LANGS = [("java", "src/main/java/com/acme/{m}/{w}{i}.java", "src/test/java/com/acme/{m}/{w}{i}Test.java"),
         ("py", "{m}/{w}_{i}.py", "tests/{m}/test_{w}_{i}.py"),
         ("ts", "src/{m}/{w}{i}.ts", "src/{m}/{w}{i}.test.ts"),
         ("go", "internal/{m}/{w}{i}.go", "internal/{m}/{w}{i}_test.go")]
K8S = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {n}\nspec:\n  replicas: 2\n"
files = 0


def put(path, text):
    global files
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)
    files += 1


def body(n):
    return " ".join(rng.choice(WORDS) for _ in range(n)) + "\n"


for g in range(groups):
    for r in range(50):
        repo = os.path.join(dest, f"g{g}", f"svc-{g}{r:02d}")
        os.makedirs(os.path.join(repo, ".git"), exist_ok=True)
        put(os.path.join(repo, ".git", "HEAD"), "ref: refs/heads/main\n")
        lang, src, test = LANGS[(g * 50 + r) % len(LANGS)]
        put(os.path.join(repo, "README.md"), "# " + body(20))
        put(os.path.join(repo, "Dockerfile"), "FROM debian:bookworm-slim\nCOPY . /app\n")
        if r % 2 == 0:
            put(os.path.join(repo, ".github/workflows/ci.yml"), "name: ci\non: [push]\njobs: {}\n")
        else:
            put(os.path.join(repo, ".gitlab-ci.yml"), "test:\n  script: make test\n")
        if r % 3 == 0:
            put(os.path.join(repo, "CODEOWNERS"), "* @acme/team\n")
            put(os.path.join(repo, "catalog-info.yaml"),
                "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: x\n")
        if r % 5 == 0:
            for i in range(10):
                put(os.path.join(repo, f"infra/m{i}/main.tf"), 'resource "null_resource" "x" {}\n')
        for i in range(6):
            put(os.path.join(repo, f"deploy/k8s/{i}.yaml"), K8S.format(n=f"svc{i}"))
        for i in range(30):
            put(os.path.join(repo, f"config/{rng.choice(WORDS)}-{i}.yaml"), "key: " + body(8))
        for i in range(40):
            put(os.path.join(repo, f"docs/{rng.choice(WORDS)}-{i}.md"), "# " + body(60))
        for i in range(20):
            put(os.path.join(repo, f"scripts/{rng.choice(WORDS)}-{i}.sh"), "#!/bin/sh\necho " + body(5))
        if r % 4 == 0:
            for i in range(50):
                put(os.path.join(repo, f"node_modules/dep{i % 10}/index{i}.js"), "module.exports = 1;\n")
        n_src = 915 - (50 if r % 4 == 0 else 0) - (10 if r % 5 == 0 else 0)
        for i in range(n_src):
            m = f"mod{i % 25}"
            pattern = test if i % 5 == 0 else src
            put(os.path.join(repo, pattern.format(m=m, w=rng.choice(WORDS), i=i)), body(rng.randint(10, 80)))
print(f"{files} files in {groups * 50} repositories under {dest}")
