"""Wheel builds: cibuildwheel's configuration and the repository's GitHub
Actions workflows, read (never run) for the limited-API requests its
config-settings pass to free-threaded builds (freethreading-build-limited-api)
and for whether any free-threaded build is made at all
(freethreading-build-free-threaded-wheels, information). What cibuildwheel
builds is buildcibw.py's; how a workflow's steps run it, buildworkflow.py's.
"""

import os
import re

from .buildcibw import (LIMITED_OPTION, ft_identifiers, job_versions, limited_in_builds, limited_request,
                        requires_python)
from .buildproject import (FT_WHEELS, add_limited, line_of, load_toml, position, skbuild_keeps_py_api,
                           table)
from .buildworkflow import Step, cibuildwheel_steps
from .common import display, norm, read_text

# A free-threaded build or test in a wheel or CI configuration: a cp313t-*
# identifier, a 3.13t python-version, cibuildwheel's switches.
FT_MARKER = re.compile(r"cp3\d+t\b|\b3\.\d+t\b|free-threaded-support|cpython-freethreading"
                       r"|freethreaded|free-threaded|free_threaded|nogil|Py_GIL_DISABLED",
                       re.IGNORECASE)
WHEEL_TOOL = re.compile(r"cibuildwheel|setup-python|python-version|setup-uv|maturin-action",
                        re.IGNORECASE)


def cibuildwheel_config(pb):
    """[tool.cibuildwheel] of pyproject.toml, else of cibuildwheel.toml:
    (the table, its file, its text)."""
    cfg = table(pb.pyproject, "tool", "cibuildwheel")
    if cfg:
        return cfg, pb.pyproject_path, pb.pyproject_text
    path = os.path.join(pb.root, "cibuildwheel.toml")
    return table(load_toml(path), "tool", "cibuildwheel"), path, read_text(path)


def builds_project(step, pb):
    """Whether a workflow step's cibuildwheel builds the project: None when
    its folder is unknown."""
    if step.package_dir is None:
        return None
    return norm(step.package_dir, repository_root(pb.root)) == pb.root


def cibuildwheel_runs(pb, cfg):
    """[(the workflow file or None, the Step, the releases its job pins,
    whether it surely builds the project)] of the cibuildwheel runs that
    may build the project: each workflow step running cibuildwheel whose
    package dir names the project (or is unknown); with none, one run of
    [tool.cibuildwheel] (cfg) as it is, or none."""
    runs = []
    for path, text in workflow_files(pb):
        steps = cibuildwheel_steps(text)
        if not steps and re.search(r"^[^#\n]*cibuildwheel", text, re.M):
            # It names cibuildwheel where no step is read: it may build anything.
            steps = (Step({}, {}, text, None, None, [], False, 1),)
        for step in steps:
            built = builds_project(step, pb)
            if built is not False:
                runs.append((path, step, job_versions(step.job), bool(built) and step.certain))
    if not runs and cfg:
        runs = [(None, Step({}, {}, "", ".", None, [], True, 1), [], True)]
    return runs


def wheel_builds(pb):
    """(the cibuildwheel configuration, its file, its text, the runs that
    may build the project, the project's requires-python when there are
    runs), read once per project (pb.wheels)."""
    if pb.wheels is None:
        cfg, cfg_path, cfg_text = cibuildwheel_config(pb)
        runs = cibuildwheel_runs(pb, cfg)
        requires = requires_python(pb.pyproject, pb.root, read_text) if runs else None
        pb.wheels = (cfg, cfg_path, cfg_text, runs, requires)
    return pb.wheels


def check_cibuildwheel(pb, out, reported):
    """config-settings that pass a limited-API request to the free-threaded
    builds cibuildwheel makes: in its configuration, or in the CIBW_*
    variables of a workflow step that runs it. reported: the places already
    reported (a workflow may build several projects)."""
    cfg, cfg_path, cfg_text, runs, requires = wheel_builds(pb)
    kept = bool(pb.kind() == "scikit-build-core" and skbuild_keeps_py_api(pb))
    for path, step, versions, certain in runs:
        found = certain and limited_in_builds(cfg, step.env, versions, kept, requires, step.only,
                                              step.enable)
        if not found:
            continue
        request, ident = found
        where = next(((path, line) for name, (value, line) in sorted(step.env.items())
                      if name.startswith("CIBW_CONFIG_SETTINGS") and limited_request(value, kept)),
                     None)
        advice = ("clear it for the free-threaded builds: [[tool.cibuildwheel.overrides]] "
                  "select = \"cp3*t-*\" with config-settings = {}")
        if where is None:
            after = max(0, cfg_text.find("tool.cibuildwheel"))
            m = LIMITED_OPTION.search(cfg_text, after) or re.compile(r"py-api").search(cfg_text, after)
            where = (cfg_path, position(cfg_text, m.start())[0] if m else 1)
        else:
            advice = ("the variable wins over [tool.cibuildwheel] and its overrides: move the "
                      "setting into [tool.cibuildwheel] and clear it for the free-threaded builds "
                      "with [[tool.cibuildwheel.overrides]] select = \"cp3*t-*\", config-settings = {}")
        if where in reported:
            continue
        reported.add(where)
        add_limited(pb, out, where[0], where[1], 1, f"cibuildwheel's config-settings '{request}'",
                    advice, more=f"; it reaches the free-threaded build {ident}")


def repository_root(root):
    d = root
    while True:
        if os.path.exists(os.path.join(d, ".git")):
            return d
        parent = os.path.dirname(d)
        if parent == d:
            return root
        d = parent


def workflow_files(pb):
    """[(path, text)] of the repository's GitHub Actions workflows (read
    once per project)."""
    if pb.workflows is None:
        pb.workflows = []
        folder = os.path.join(repository_root(pb.root), ".github", "workflows")
        try:
            names = sorted(os.listdir(folder)) if os.path.isdir(folder) else []
        except OSError:
            names = []
        for name in names:
            path = os.path.join(folder, name)
            if name.endswith((".yml", ".yaml")) and os.path.isfile(path):
                pb.workflows.append((path, read_text(path)))
    return pb.workflows


def wheel_configs(pb):
    """(path, line, text) of the files that configure wheel builds or CI
    runs of Python: pyproject's [tool.cibuildwheel], cibuildwheel.toml, the
    repository's GitHub Actions workflows that set up a Python or run
    cibuildwheel."""
    out = []
    if "cibuildwheel" in table(pb.pyproject, "tool"):
        out.append((pb.pyproject_path, line_of(pb.pyproject_text, "tool.cibuildwheel"),
                    pb.pyproject_text))
    cfg = os.path.join(pb.root, "cibuildwheel.toml")
    if os.path.isfile(cfg):
        out.append((cfg, 1, read_text(cfg)))
    out += [(path, 1, text) for path, text in workflow_files(pb) if WHEEL_TOOL.search(text)]
    return out


def check_wheels(pb, out, seen):
    """The information that no free-threaded build is made: cibuildwheel's
    configuration and runs as buildcibw reads them (from 3.1.0 it builds
    cp314t-* unless told not to), the other workflows by their text."""
    configs = [c for c in wheel_configs(pb) if c[0] not in seen]
    seen.update(c[0] for c in configs)
    if not configs or any(FT_MARKER.search(text) for _, _, text in configs):
        return
    cfg, _, _, runs, requires = wheel_builds(pb)
    # A shell assignment that may or may not take effect: either way. A
    # step building another project of the repository counts too.
    files = {c[0] for c in configs}
    others = [(step, job_versions(step.job)) for path, text in workflow_files(pb) if path in files
              for step in cibuildwheel_steps(text) if builds_project(step, pb) is False]
    if any(ft_identifiers(cfg, env, versions, requires, step.only, step.enable)
           for _, step, versions, _ in runs for env in (step.env, {**step.env, **step.shell_env})):
        return
    if any(ft_identifiers({}, env, versions, None, step.only, step.enable)
           for step, versions in others for env in (step.env, {**step.env, **step.shell_env})):
        return
    path, line, _ = configs[0]
    names = ", ".join(display(c[0]) for c in configs)
    d = pb.diag(FT_WHEELS, path, line, 1,
                f"no free-threaded interpreter is built or tested by the wheel and CI "
                f"configuration ({names}): add the free-threaded builds (cibuildwheel "
                f"identifiers cp313t-*/cp314t-*, actions/setup-python's 3.13t/3.14t)", tus=[])
    out.info.append(d)
