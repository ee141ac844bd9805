"""The GitHub Actions workflows, parsed: triggers, least-privilege permissions, no script
injection, pinned actions. (Workflows cannot run here; the commands they call are tested
in their own modules.)"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = ROOT / ".github" / "workflows"
FILES = sorted(WORKFLOWS.glob("*.yml"))
EXPRESSION = re.compile(r"\$\{\{(.*?)\}\}", re.S)
WRITE_SCOPES = {"pages", "id-token", "issues"}  # the only write scopes any workflow needs


def load(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def triggers(workflow: dict) -> dict:
    """YAML 1.1 reads the key `on` as the boolean True."""
    on = workflow.get("on", workflow.get(True))
    assert on is not None, "no trigger"
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return dict.fromkeys(on)
    return on


def steps(workflow: dict):
    for job_id, job in workflow["jobs"].items():
        for step in job.get("steps", []):
            yield job_id, step


def test_the_four_workflows_exist():
    assert [f.name for f in FILES] == ["deploy.yml", "links.yml", "tests.yml", "validate.yml"]


def test_code_changes_run_lint_and_the_whole_suite_on_debian():
    workflow = load("tests.yml")
    on = triggers(workflow)
    assert set(on) == {"pull_request", "push"}
    for watched in (
        "scripts/**",
        "tests/**",
        "requirements.txt",
        "requirements-dev.txt",
        "Makefile",
    ):
        assert watched in on["pull_request"]["paths"]
        assert watched in on["push"]["paths"]
    assert "startups/**" not in on["pull_request"]["paths"]  # data: validate.yml's job
    (job,) = workflow["jobs"].values()
    assert job["container"].endswith("-bookworm")
    assert [s.get("run") for s in job["steps"][1:]] == ["make lint", "make test"]


def test_validate_runs_on_pull_request_only():
    on = triggers(load("validate.yml"))
    assert "pull_request" in on
    assert "pull_request_target" not in on
    assert set(on) == {"pull_request"}


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_no_workflow_uses_pull_request_target(path):
    assert "pull_request_target" not in triggers(load(path.name))
    assert "pull_request_target" not in path.read_text(encoding="utf-8").split("#")[0]


def test_deploy_runs_on_push_to_main():
    on = triggers(load("deploy.yml"))
    assert on["push"]["branches"] == ["main"]
    assert set(on) <= {"push", "workflow_dispatch"}


def test_links_runs_weekly():
    on = triggers(load("links.yml"))
    (schedule,) = on["schedule"]
    minute, hour, day, month, weekday = schedule["cron"].split()
    assert (day, month) == ("*", "*") and weekday.isdigit()
    assert "workflow_dispatch" in on


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_top_level_permissions_are_read_only(path):
    workflow = load(path.name)
    assert "permissions" in workflow, "top-level permissions must be explicit"
    assert workflow["permissions"] == {"contents": "read"}


def test_validate_has_only_contents_read():
    workflow = load("validate.yml")
    assert workflow["permissions"] == {"contents": "read"}
    assert all("permissions" not in job for job in workflow["jobs"].values())


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_job_permissions_are_narrow(path):
    for job in load(path.name)["jobs"].values():
        permissions = job.get("permissions", {})
        assert isinstance(permissions, dict), "no write-all / read-all shorthand"
        for scope, level in permissions.items():
            assert level in ("read", "write", "none")
            assert level != "write" or scope in WRITE_SCOPES, scope
    assert "write-all" not in path.read_text(encoding="utf-8")


def test_write_scopes_are_where_needed():
    deploy = load("deploy.yml")["jobs"]
    assert deploy["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert "permissions" not in deploy["build"]
    links = load("links.yml")["jobs"]
    assert links["issue"]["permissions"] == {"issues": "write"}
    assert "permissions" not in links["check"]
    assert not [s for _, s in steps({"jobs": {"issue": links["issue"]}}) if "uses" in s], (
        "the job with a write token runs no third-party action and no project code"
    )


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_no_expression_inside_run_scripts(path):
    """`${{ … }}` is pasted into the script before the shell runs: untrusted values
    (a login, a branch name, a title) must reach scripts through environment variables."""
    for job_id, step in steps(load(path.name)):
        script = step.get("run", "")
        found = EXPRESSION.findall(script)
        assert not found, f"{path.name} / {job_id} / {step.get('name')}: {found}"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_actions_are_pinned(path):
    for _, step in steps(load(path.name)):
        if "uses" in step:
            action, _, ref = step["uses"].partition("@")
            assert ref, f"{action} is not pinned"
            assert re.fullmatch(r"v\d+(\.\d+){0,2}|[0-9a-f]{40}", ref), step["uses"]
            assert action.startswith("actions/"), f"third-party action {action}"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_checkouts_do_not_keep_the_token(path):
    for _, step in steps(load(path.name)):
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False


def test_validate_steps():
    workflow = load("validate.yml")
    job = workflow["jobs"]["validate"]
    checkout = job["steps"][0]
    assert checkout["uses"].startswith("actions/checkout@")
    assert checkout["with"]["fetch-depth"] == 0
    python = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/setup-python@"))
    assert str(python["with"]["python-version"]) == "3.11"
    scripts = "\n".join(s.get("run", "") for s in job["steps"])
    assert "startupdir validate --format github" in scripts
    # The step summary lists what `startupdir validate --fix` would correct.
    validate = next(s for s in job["steps"] if "validate --format github" in s.get("run", ""))
    assert validate["run"].split() == [
        "startupdir",
        "validate",
        "--format",
        "github",
        "--summary",
        '"$GITHUB_STEP_SUMMARY"',
    ]
    assert "startupdir build" in scripts
    assert '--base "origin/$BASE_REF"' in scripts
    assert '--author "$PR_AUTHOR"' in scripts
    assert "GITHUB_STEP_SUMMARY" in scripts
    check = next(s for s in job["steps"] if "--author" in s.get("run", ""))
    assert check["env"]["PR_AUTHOR"] == "${{ github.event.pull_request.user.login }}"
    names = [s.get("run", "") for s in job["steps"]]
    order = [
        next(i for i, r in enumerate(names) if needle in r)
        for needle in ("validate --format github", "--author", "startupdir build")
    ]
    assert order == sorted(order)


def test_deploy_fetches_the_whole_history():
    """/nouveautes/ dates each profile by the commit that added it: a shallow checkout
    would fall back to the `updated` dates."""
    job = load("deploy.yml")["jobs"]["build"]
    checkout = job["steps"][0]
    assert checkout["uses"].startswith("actions/checkout@")
    assert checkout["with"]["fetch-depth"] == 0
    build = next(i for i, s in enumerate(job["steps"]) if "startupdir build" in s.get("run", ""))
    assert build > 0


def test_deploy_reads_addresses_from_configuration():
    job = load("deploy.yml")["jobs"]["build"]
    build = next(s for s in job["steps"] if "startupdir build" in s.get("run", ""))
    assert "vars.SITE_URL" in build["env"]["SITE_URL"]
    assert "vars.REPO_URL" in build["env"]["REPO_URL"]
    uses = [s.get("uses", "").split("@")[0] for s in job["steps"]]
    assert "actions/upload-pages-artifact" in uses
    deploy = load("deploy.yml")["jobs"]["deploy"]
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")
    assert deploy["environment"]["name"] == "github-pages"
    mkdocs = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "!ENV [SITE_URL" in mkdocs and "!ENV [REPO_URL" in mkdocs


def test_links_keeps_one_issue():
    workflow = load("links.yml")
    scripts = "\n".join(s.get("run", "") for _, s in steps(workflow))
    assert "startupdir check-links" in scripts
    issue = workflow["jobs"]["issue"]["steps"][0]
    assert issue["env"]["ISSUE_TITLE"] == "Liens morts dans l'annuaire"
    assert issue["env"]["GH_TOKEN"] == "${{ github.token }}"
    for command in ("gh issue list", "gh issue edit", "gh issue create", "gh issue close"):
        assert command in issue["run"]


def test_pre_commit_hook_validates_changed_profiles():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = [h for repo in config["repos"] if repo["repo"] == "local" for h in repo["hooks"]]
    (hook,) = [h for h in hooks if "validate" in h["entry"]]
    assert hook["entry"].endswith("startupdir validate")
    assert hook["language"] == "system"
    assert hook["pass_filenames"] is True
    pattern = re.compile(hook["files"])
    assert pattern.search("startups/atlas-pay.yml") and pattern.search("startups/x.yaml")
    assert not pattern.search("taxonomy.yml") and not pattern.search("startups/logos/a.png")


def test_issue_form_and_pull_request_template():
    form = yaml.safe_load(
        (ROOT / ".github/ISSUE_TEMPLATE/ajout-startup.yml").read_text(encoding="utf-8")
    )
    assert {"name", "description", "body"} <= set(form)
    ids = {item.get("id") for item in form["body"] if item.get("id")}
    for field in ("name", "tagline_fr", "description_fr", "website", "founded", "sectors",
                  "city", "stage", "employees", "founders", "contact_email", "maintainers"):  # fmt: skip
        assert field in ids, field
    consent = next(item for item in form["body"] if item.get("id") == "consent")
    assert consent["type"] == "checkboxes"
    assert any(o.get("required") for o in consent["attributes"]["options"])
    config = yaml.safe_load((ROOT / ".github/ISSUE_TEMPLATE/config.yml").read_text("utf-8"))
    assert "blank_issues_enabled" in config
    template = (ROOT / ".github/PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8")
    assert template.count("- [ ]") >= 3


def test_issue_form_lists_follow_the_taxonomy():
    """Dropdowns read « Label (id) » in taxonomy order; update the form when taxonomy.yml changes."""
    form = yaml.safe_load(
        (ROOT / ".github/ISSUE_TEMPLATE/ajout-startup.yml").read_text(encoding="utf-8")
    )
    taxonomy = yaml.safe_load((ROOT / "taxonomy.yml").read_text(encoding="utf-8"))
    fields = {item.get("id"): item for item in form["body"]}
    for field_id, vocabulary in (
        ("sectors", "sectors"),
        ("city", "cities"),
        ("stage", "stages"),
        ("needs", "needs"),
    ):
        expected = [f"{t['label']['fr']} ({t['id']})" for t in taxonomy[vocabulary]]
        assert fields[field_id]["attributes"]["options"] == expected, field_id


def installs(workflow: dict) -> list[str]:
    """The files given to `pip install -r` in a workflow's steps."""
    scripts = "\n".join(s.get("run", "") for _, s in steps(workflow))
    return re.findall(r"pip\"? install (?:--quiet )?-r (\S+)", scripts)


def test_building_and_validating_install_the_runtime_lock_only():
    assert installs(load("deploy.yml")) == ["requirements.txt"]
    assert installs(load("validate.yml")) == ["requirements.txt", ".base-tools/requirements.txt"]
    assert installs(load("links.yml")) == ["requirements-dev.txt"]  # LinkChecker is a dev tool


def pins(name: str) -> dict[str, str]:
    found = {}
    for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
        if line and not line.startswith(("#", "-r ")):
            package, _, version = line.partition("==")
            assert version, f"{name}: {line} is not pinned"
            found[re.sub(r"[-_.]+", "-", package).lower()] = version
    return found


def test_the_locks_pin_every_dependency_within_its_range():
    """pyproject.toml states compatible ranges; requirements.txt locks the runtime (and
    everything it pulls in) and requirements-dev.txt adds the test and lint tools."""
    import tomllib

    from packaging.requirements import Requirement

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime, dev = pins("requirements.txt"), pins("requirements-dev.txt")
    assert (ROOT / "requirements-dev.txt").read_text(encoding="utf-8").count("-r requirements.txt")
    assert not set(runtime) & set(dev), "a package is locked twice"
    wanted = [(d, runtime) for d in project["dependencies"]]
    wanted += [(d, dev) for extra in project["optional-dependencies"].values() for d in extra]
    for spec, lock in wanted:
        requirement = Requirement(spec)
        assert requirement.specifier, f"{spec}: give a compatible range"
        name = re.sub(r"[-_.]+", "-", requirement.name).lower()
        assert name in lock, f"{spec} is not locked"
        assert requirement.specifier.contains(lock[name]), f"{spec}: locked at {lock[name]}"
    for tool in ("pytest", "playwright", "axe-playwright-python", "ruff", "jsonschema"):
        assert tool in dev, tool
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    stamp = next(line for line in makefile.splitlines() if line.startswith("$(STAMP):"))
    assert "requirements.txt" in stamp and "requirements-dev.txt" in stamp
    assert "-r requirements-dev.txt" in makefile


IMAGE_INPUTS = (
    "startups/**",  # the profiles and their logos
    "directory.yml",  # the site's name and colour on every card
    "taxonomy.yml",  # sector and city labels, sector colours
    "scripts/startupdir/images/**",  # the generator's image code and fonts
    "requirements.txt",  # Pillow's version
)


@pytest.mark.parametrize(
    ("name", "job_id", "action"),
    [
        ("deploy.yml", "build", "actions/cache"),
        ("validate.yml", "validate", "actions/cache/restore"),
    ],
)
def test_builds_restore_the_image_cache_keyed_on_its_inputs(name, job_id, action):
    """A deploy where no logo or profile changed is a warm build; a pull request only
    restores the cache main saved (a fork's code writes none)."""
    from startupdir.content.validate import CACHE_DIR

    job = load(name)["jobs"][job_id]
    uses = [s.get("uses", "").partition("@")[0] for s in job["steps"]]
    caches = [i for i, u in enumerate(uses) if u.startswith("actions/cache")]
    assert [uses[i] for i in caches] == [action]
    (at,) = caches
    build = next(i for i, s in enumerate(job["steps"]) if "startupdir build" in s.get("run", ""))
    assert at < build
    options = job["steps"][at]["with"]
    assert options["path"] == f"{CACHE_DIR}/images"
    key = options["key"]
    (hashed,) = re.findall(r"hashFiles\((.*?)\)", key)
    assert [s.strip().strip("'") for s in hashed.split(",")] == list(IMAGE_INPUTS)
    prefix = key.split("${{ hashFiles")[0]
    assert options["restore-keys"].strip().splitlines() == [prefix]
    assert "runner.os" in prefix
    for pattern in IMAGE_INPUTS:
        assert list(ROOT.glob(pattern.replace("**", "*"))), f"{pattern} matches nothing"


def test_the_image_cache_key_covers_what_the_cards_depend_on():
    """Inputs of the cards outside the hashed paths would leave a stale cache unnoticed;
    the cache is named by content anyway (a stale entry is a miss, not a wrong image)."""
    from startupdir.images import cards, images, layout

    for module in (cards, images, layout):
        path = Path(module.__file__).resolve().relative_to(ROOT)
        assert path.as_posix().startswith("scripts/startupdir/images/")
    assert layout.FONT_REGULAR.resolve().is_relative_to(ROOT / "scripts/startupdir/images")


def test_a_new_directory_deploys_with_the_image_cache():
    """`startupdir init` writes a deploy workflow that restores and saves the image cache
    before building, keyed on the directory's own inputs and its startupdir version."""
    from startupdir.content.validate import CACHE_DIR

    starter = ROOT / "scripts/startupdir/init/files/dot-github/workflows/deploy.yml"
    job = yaml.safe_load(starter.read_text(encoding="utf-8"))["jobs"]["build"]
    steps = job["steps"]
    uses = [s.get("uses", "").partition("@")[0] for s in steps]
    at = uses.index("actions/cache")
    build = next(i for i, s in enumerate(steps) if "startupdir build" in s.get("run", ""))
    assert at < build
    options = steps[at]["with"]
    assert options["path"] == f"{CACHE_DIR}/images"
    (hashed,) = re.findall(r"hashFiles\((.*?)\)", options["key"])
    assert [s.strip().strip("'") for s in hashed.split(",")] == [
        "startups/**",
        "directory.yml",
        "taxonomy.yml",
        "requirements.txt",
    ]
    assert options["restore-keys"].strip() == "images-${{ runner.os }}-"


# ---------------------------------------------------------------------------
# Issue 18: the pull request's preview (the built site as an artifact, a summary of each
# changed profile or post), here and in the workflows `startupdir init` writes; every
# workflow checked against GitHub's schema by `make lint`.

STARTER = ROOT / "scripts/startupdir/init/files/dot-github/workflows"
STARTER_FILES = sorted(STARTER.glob("*.yml"))
PULL_REQUEST_WORKFLOWS = [WORKFLOWS / "validate.yml", STARTER / "validate.yml"]
SUMMARY = (
    'startupdir preview-summary --base "origin/$BASE_REF" --site-dir site'
    ' --artifact-url "$ARTIFACT_URL" --out "$GITHUB_STEP_SUMMARY"'
)


def read(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def at(job_steps: list, predicate) -> int:
    (found,) = [i for i, step in enumerate(job_steps) if predicate(step)]
    return found


@pytest.mark.parametrize("path", PULL_REQUEST_WORKFLOWS, ids=lambda p: p.parent.parent.name)
def test_pull_requests_attach_the_site_and_summarise_the_changes(path):
    workflow = read(path)
    assert set(triggers(workflow)) == {"pull_request"}
    assert workflow["permissions"] == {"contents": "read"}
    assert all("permissions" not in job for job in workflow["jobs"].values())
    (job,) = workflow["jobs"].values()
    job_steps = job["steps"]
    assert job_steps[0]["with"]["fetch-depth"] == 0  # the summary compares with the base
    build = at(job_steps, lambda s: s.get("run", "").strip() == "startupdir build")
    upload = at(job_steps, lambda s: s.get("uses", "").startswith("actions/upload-artifact@"))
    summary = at(job_steps, lambda s: "preview-summary" in s.get("run", ""))
    assert build < upload < summary
    assert job_steps[build]["id"] == "build"
    artifact = job_steps[upload]
    assert artifact["id"] == "upload"
    assert artifact["with"]["path"] == "site/" and artifact["with"]["name"] == "site"
    assert "!cancelled()" in artifact["if"] and "steps.build.outcome == 'success'" in artifact["if"]
    step = job_steps[summary]
    assert " ".join(step["run"].split()) == SUMMARY
    assert step["env"] == {
        "BASE_REF": "${{ github.base_ref }}",
        "ARTIFACT_URL": "${{ steps.upload.outputs.artifact-url }}",
    }
    # Also when validation failed: the summary then shows the errors of each file.
    assert "!cancelled()" in step["if"] and "steps.install.outcome == 'success'" in step["if"]
    install = at(job_steps, lambda s: s.get("id") == "install")
    assert install < summary


@pytest.mark.parametrize("path", STARTER_FILES, ids=lambda p: p.name)
def test_a_new_directorys_workflows_follow_the_same_rules(path):
    workflow = read(path)
    assert workflow["permissions"] == {"contents": "read"}
    assert "pull_request_target" not in triggers(workflow)
    for job_id, step in steps(workflow):
        assert not EXPRESSION.findall(step.get("run", "")), f"{path.name} / {job_id}"
        if "uses" in step:
            action, _, ref = step["uses"].partition("@")
            assert action.startswith("actions/") and re.fullmatch(r"v\d+(\.\d+){0,2}", ref)
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False


def schema_check(files: list[Path]) -> subprocess.CompletedProcess:
    """check-jsonschema with its vendored copy of GitHub's workflow schema (no network)."""
    tool = Path(sys.executable).parent / "check-jsonschema"
    return subprocess.run(
        [str(tool), "--builtin-schema", "vendor.github-workflows", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_lint_checks_every_workflow_against_githubs_schema():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    (listed,) = [line for line in makefile.splitlines() if line.startswith("WORKFLOWS :=")]
    assert ".github/workflows/*.yml" in listed
    assert "scripts/startupdir/init/files/dot-github/workflows/*.yml" in listed
    lint = makefile.split("\nlint:", 1)[1].split("\n\n", 1)[0]
    assert "check-jsonschema --builtin-schema vendor.github-workflows $(WORKFLOWS)" in lint
    dev = pins("requirements-dev.txt")
    for tool in ("check-jsonschema", "regress", "ruamel-yaml"):
        assert tool in dev, tool
    done = schema_check([*FILES, *STARTER_FILES])
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_schema_check_refuses_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    workflow = read(WORKFLOWS / "validate.yml")
    del workflow["jobs"]["validate"]["runs-on"]
    workflow["jobs"]["validate"]["steps"][0]["timeout"] = "never"
    broken.write_text(yaml.safe_dump(workflow, allow_unicode=True), encoding="utf-8")
    done = schema_check([broken])
    assert done.returncode != 0
