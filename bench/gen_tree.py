#!/usr/bin/env python3
"""Generates the scan benchmark tree: GROUPS folders of 50 repositories of ~1,000 files each,
shaped like Kubernetes projects (an operator or a controller with its UI): about 40 % YAML —
Helm charts with their templates and values, kustomize bases and overlays, multi-KB GitHub
workflows, CRDs with large OpenAPI schemas, sample and testdata custom resources, e2e manifests —
Go sources with their tests, a TypeScript UI with tests, Markdown docs, and a few large JSON files
(a package-lock.json, Grafana dashboards). Deterministic (seeded). Never commit the tree.

usage: gen_tree.py DEST [GROUPS]   (4 groups = 200 repositories, ~196,000 files, ~1.3 GB on disk)
"""
import os
import random
import sys

dest = sys.argv[1]
groups = int(sys.argv[2]) if len(sys.argv) > 2 else 4
rng = random.Random(42)
WORDS = ("reconcile cluster node pod volume claim route gateway policy quota tenant backup restore "
         "snapshot replica shard ingress secret token lease webhook").split()
files = 0


def put(path, text):
    global files
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)
    files += 1


def words(n):
    return " ".join(rng.choice(WORDS) for _ in range(n))


def go_source(pkg, i, test):
    funcs = []
    for f in range(rng.randint(3, 12)):
        name = rng.choice(WORDS).capitalize() + str(f)
        if test:
            funcs.append(f"func Test{name}(t *testing.T) {{\n\tgot := {name}()\n\tif got == nil {{\n"
                         f"\t\tt.Fatalf(\"{words(6)}\")\n\t}}\n}}\n")
        else:
            funcs.append(f"// {name} {words(12)}\nfunc {name}() error {{\n\tfor i := 0; i < {f}; i++ {{\n"
                         f"\t\tif err := client.Get(ctx, key, obj); err != nil {{\n"
                         f"\t\t\treturn fmt.Errorf(\"{words(5)}: %w\", err)\n\t\t}}\n\t}}\n\treturn nil\n}}\n")
    imports = '"testing"' if test else '"context"\n\t"fmt"'
    return f"package {pkg}\n\nimport (\n\t{imports}\n)\n\n" + "\n".join(funcs)


def manifest(kind, name, extra=""):
    api = {"Deployment": "apps/v1", "Service": "v1", "ConfigMap": "v1", "ServiceAccount": "v1",
           "Role": "rbac.authorization.k8s.io/v1", "RoleBinding": "rbac.authorization.k8s.io/v1",
           "Ingress": "networking.k8s.io/v1"}.get(kind, "v1")
    return (f"apiVersion: {api}\nkind: {kind}\nmetadata:\n  name: {name}\n  labels:\n"
            f"    app.kubernetes.io/name: {name}\n    app.kubernetes.io/part-of: platform\n"
            f"spec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n        - name: {name}\n"
            f"          image: ghcr.io/acme/{name}:v1.2.3\n          args: [\"--leader-elect\"]\n{extra}")


def crd(group, kind, properties):
    props = "".join(
        f"                {rng.choice(WORDS)}{p}:\n                  description: {words(25)}\n"
        f"                  type: {rng.choice(['string', 'integer', 'boolean'])}\n"
        for p in range(properties))
    return (f"apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n"
            f"  name: {kind.lower()}s.{group}\nspec:\n  group: {group}\n  names:\n    kind: {kind}\n"
            f"  scope: Namespaced\n  versions:\n    - name: v1\n      served: true\n      storage: true\n"
            f"      schema:\n        openAPIV3Schema:\n          type: object\n          properties:\n"
            f"            spec:\n              type: object\n              properties:\n{props}")


def custom_resource(kind, name):
    return (f"apiVersion: platform.acme.io/v1\nkind: {kind}\nmetadata:\n  name: {name}\n"
            f"spec:\n  replicas: {rng.randint(1, 5)}\n  {rng.choice(WORDS)}: {words(3)}\n")


def workflow(name, jobs):
    steps = "".join(
        f"      - name: {words(3)}\n        run: |\n          make {rng.choice(WORDS)}\n"
        f"          go test ./... -run {rng.choice(WORDS).capitalize()}\n" for _ in range(8))
    body = "".join(
        f"  {name}-{j}:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n"
        f"      - uses: actions/setup-go@v5\n        with:\n          go-version-file: go.mod\n{steps}"
        for j in range(jobs))
    return f"name: {name}\non:\n  push:\n    branches: [main]\n  pull_request:\njobs:\n{body}"


HELM_TEMPLATE = ("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{{{ include \"chart.fullname\" . }}}}\n"
                 "  labels:\n    {{{{- include \"chart.labels\" . | nindent 4 }}}}\nspec:\n"
                 "  replicas: {{{{ .Values.replicaCount }}}}\n  template:\n    spec:\n      containers:\n"
                 "        - name: {n}\n          image: \"{{{{ .Values.image.repository }}}}:{{{{ .Values.image.tag }}}}\"\n")


def dashboard(panels):
    ps = ",\n".join(
        f'    {{"type": "timeseries", "title": "{words(3)}", "targets": [{{"expr": '
        f'"sum(rate(controller_runtime_reconcile_total{{controller=\\"{rng.choice(WORDS)}\\"}}[5m]))"}}]}}'
        for _ in range(panels))
    return f'{{\n  "__inputs": [],\n  "title": "{words(2)}",\n  "panels": [\n{ps}\n  ],\n  "schemaVersion": 39\n}}\n'


def package_lock(deps):
    entries = ",\n".join(
        f'    "node_modules/{rng.choice(WORDS)}-{d}": {{"version": "1.{d}.0", "resolved": '
        f'"https://registry.npmjs.org/x/-/x-1.{d}.0.tgz", "integrity": "sha512-{"a" * 86}=="}}'
        for d in range(deps))
    return f'{{\n  "name": "ui",\n  "lockfileVersion": 3,\n  "packages": {{\n{entries}\n  }}\n}}\n'


for g in range(groups):
    for r in range(50):
        repo = os.path.join(dest, f"g{g}", f"operator-{g}{r:02d}")
        p = lambda rel: os.path.join(repo, rel)
        os.makedirs(p(".git"), exist_ok=True)
        put(p(".git/HEAD"), "ref: refs/heads/main\n")
        put(p("README.md"), "# operator\n\n" + words(300) + "\n")
        put(p("Dockerfile"), "FROM golang:1.22 AS build\nCOPY . /src\nRUN go build ./cmd/manager\n"
            "FROM gcr.io/distroless/static\nCOPY --from=build /src/manager /\n")
        put(p("Makefile"), "test:\n\tgo test ./...\nlint:\n\tgolangci-lint run\n" * 20)
        put(p("go.mod"), "module github.com/acme/operator\n\ngo 1.22\n\nrequire sigs.k8s.io/controller-runtime v0.18.0\n")
        put(p(".golangci.yml"), "linters:\n  enable: [govet, staticcheck]\n")
        put(p("OWNERS"), "approvers:\n  - alice\nreviewers:\n  - bob\n")
        if r % 2 == 0:
            put(p("CODEOWNERS"), "* @acme/platform\n/ui/ @acme/frontend\n")
        put(p("ui/.nvmrc"), "20\n")
        # ~40 % YAML.
        for w in range(6):
            put(p(f".github/workflows/{rng.choice(WORDS)}-{w}.yml"), workflow(f"ci{w}", rng.randint(2, 6)))
        for c in range(3):
            chart = p(f"charts/chart{c}")
            put(os.path.join(chart, "Chart.yaml"), f"apiVersion: v2\nname: chart{c}\nversion: 0.{c}.0\n")
            put(os.path.join(chart, "values.yaml"), "".join(f"{w}{i}: {words(4)}\n" for i, w in enumerate(WORDS)) * 4)
            for t in ("deployment", "service", "ingress", "hpa", "configmap", "serviceaccount", "role", "rolebinding"):
                put(os.path.join(chart, f"templates/{t}.yaml"), HELM_TEMPLATE.format(n=t) * 3)
            put(os.path.join(chart, "templates/_helpers.tpl"), '{{- define "chart.fullname" -}}x{{- end }}\n' * 20)
        put(p("deploy/base/kustomization.yaml"), "resources:\n" + "".join(f"  - {k}.yaml\n" for k in range(8)))
        for k in range(8):
            put(p(f"deploy/base/{k}.yaml"), manifest(rng.choice(["Deployment", "Service", "ConfigMap", "Role"]), f"op{k}"))
        for env in ("dev", "staging", "prod"):
            put(p(f"deploy/overlays/{env}/kustomization.yaml"), "resources:\n  - ../../base\npatches:\n  - path: patch.yaml\n")
            for k in range(3):
                put(p(f"deploy/overlays/{env}/patch{k}.yaml"), manifest("Deployment", f"op{k}", "        resources: {}\n"))
        for c in range(6):
            put(p(f"config/crd/bases/platform.acme.io_{rng.choice(WORDS)}{c}s.yaml"),
                crd("platform.acme.io", f"Kind{c}", rng.randint(40, 400)))
        for c in range(10):
            put(p(f"config/samples/v1_kind{c}.yaml"), custom_resource(f"Kind{c % 6}", f"sample{c}"))
        put(p("config/rbac/role.yaml"), manifest("Role", "manager"))
        for t in range(220):
            pkg = f"pkg/{rng.choice(WORDS)}{t % 12}"
            put(p(f"{pkg}/testdata/{rng.choice(WORDS)}-{t}.yaml"),
                custom_resource(f"Kind{t % 6}", f"case{t}") if t % 3 else manifest("Deployment", f"case{t}"))
        for t in range(90):
            put(p(f"test/e2e/manifests/{rng.choice(WORDS)}-{t}.yaml"), manifest(rng.choice(["Deployment", "Service", "Ingress"]), f"e2e{t}"))
        for t in range(30):
            put(p(f"hack/config/{rng.choice(WORDS)}-{t}.yaml"), "".join(f"{w}: {words(3)}\n" for w in WORDS))
        # Go with tests, a TypeScript UI with tests.
        for i in range(330):
            pkg = f"{rng.choice(WORDS)}{i % 12}"
            test = i % 3 == 0
            put(p(f"pkg/{pkg}/{rng.choice(WORDS)}_{i}{'_test' if test else ''}.go"), go_source(pkg, i, test))
        for i in range(90):
            test = i % 3 == 0
            put(p(f"ui/src/{rng.choice(WORDS)}/{rng.choice(WORDS)}{i}{'.test' if test else ''}.ts"),
                f"export function f{i}(x: number): number {{\n  return x * {i}; // {words(10)}\n}}\n" * rng.randint(3, 30))
        put(p("ui/package.json"), '{"name": "ui", "scripts": {"lint": "eslint ."}}\n')
        put(p("ui/package-lock.json"), package_lock(rng.randint(800, 3000)))
        for d in range(2):
            put(p(f"config/grafana/dashboards/{rng.choice(WORDS)}-{d}.json"), dashboard(rng.randint(50, 400)))
        for i in range(120):
            put(p(f"docs/{rng.choice(WORDS)}/{rng.choice(WORDS)}-{i}.md"), f"# {words(4)}\n\n{words(rng.randint(100, 900))}\n")
        if r % 4 == 0:
            for i in range(40):
                put(p(f"ui/node_modules/dep{i % 8}/index{i}.js"), "module.exports = 1;\n")
print(f"{files} files in {groups * 50} repositories under {dest}")
