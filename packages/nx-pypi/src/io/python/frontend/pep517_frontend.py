"""nx-pypi's PEP 517 build frontend: the sdist, then the wheel from the unpacked sdist.

Standard library only, so any Python 3.8+ can run it: the `build` package is not needed. It does
what `python -m build` does (https://peps.python.org/pep-0517/, pypa/build and pypa/pyproject-hooks):

  python pep517_frontend.py build --srcdir S --outdir O --workdir W --build-system JSON
                                  [--vcs-root R] [--no-isolation] [--skip-dependency-check]

* S is a copy of the project made by nx-pypi: backends may write there (setuptools' egg-info and
  build/), never into the user's tree. W is a scratch folder (the venv, the unpacked sdist).
* Isolated (the default): a venv is made in W with this interpreter, and `build-system.requires`
  plus what get_requires_for_build_* return are installed into it with pip. pip reads the index,
  its credentials and the CA chain from the environment nx-pypi gives this process.
* --no-isolation: the hooks run with this interpreter; the requirements are checked first (as
  `python -m build --no-isolation` does) unless --skip-dependency-check is given.
* Each hook runs in a fresh process (`pep517_frontend.py hook NAME CONTROL_DIR`), as
  pyproject-hooks does, with the backend-path folders first on sys.path.

* R is the user's project folder. The copy S has no VCS data, so a version that setuptools_scm or
  hatch-vcs would take from git tags is read in R first (read-only: `git describe`, as the plugin
  runs it, with the project's own settings) and handed to the hooks as
  SETUPTOOLS_SCM_PRETEND_VERSION, which both plugins honour.

On success the result (file names in O) is written to W/result.json. Errors end with a line that
starts with "ERROR ".
"""
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import traceback

HOOKS = ("get_requires_for_build_sdist", "get_requires_for_build_wheel", "build_sdist", "build_wheel")


class FrontendError(Exception):
    pass


# ---------------------------------------------------------------------------------------------
# The hook process (what pyproject-hooks' _in_process.py does).


class _BackendUnavailable(Exception):
    pass


class _BackendInvalid(Exception):
    pass


def _load_backend(spec, backend_path):
    from importlib import import_module

    if backend_path:
        # PEP 517: in-tree backend folders are relative to the source tree, first on sys.path, and
        # the backend must be loaded from one of them.
        extra = [os.path.abspath(p) for p in backend_path]
        sys.path[:0] = extra
    module_name, _, attrs = spec.partition(":")
    try:
        obj = import_module(module_name)
    except ImportError:
        raise _BackendUnavailable(traceback.format_exc())
    if backend_path:
        origin = os.path.abspath(getattr(obj, "__file__", "") or "")
        if not any(os.path.commonpath([origin, p]) == p for p in extra if origin):
            raise _BackendInvalid("backend %r was not loaded from backend-path %r (it came from %s)" % (module_name, backend_path, origin))
    for attr in filter(None, attrs.split(".")):
        obj = getattr(obj, attr)
    return obj


def run_hook(name, control_dir):
    if name not in HOOKS:
        raise SystemExit("unknown hook %s" % name)
    with open(os.path.join(control_dir, "input.json"), encoding="utf-8") as f:
        data = json.load(f)
    out = {"unsupported": False, "return_val": None}
    try:
        backend = _load_backend(data["build_backend"], data.get("backend_path"))
        hook = getattr(backend, name, None)
        if hook is None:
            if name.startswith("get_requires_for_build_"):
                out["return_val"] = []  # PEP 517: optional hook, default no extra requirements
            else:
                out["hook_missing"] = True
        else:
            out["return_val"] = hook(**data["kwargs"])
    except _BackendUnavailable as e:
        out["no_backend"] = True
        out["traceback"] = str(e)
    except _BackendInvalid as e:
        out["backend_invalid"] = True
        out["message"] = str(e)
    with open(os.path.join(control_dir, "output.json"), "w", encoding="utf-8") as f:
        json.dump(out, f)


# ---------------------------------------------------------------------------------------------
# The frontend.


def log(message):
    print("* " + message, flush=True)


def call_hook(python, srcdir, build_system, name, kwargs, extra_env):
    control = tempfile.mkdtemp(prefix="nx-pypi-hook-")
    try:
        with open(os.path.join(control, "input.json"), "w", encoding="utf-8") as f:
            json.dump({"build_backend": build_system["build-backend"], "backend_path": build_system.get("backend-path"), "kwargs": kwargs}, f)
        env = dict(os.environ, **extra_env)
        code = subprocess.call([python, os.path.abspath(__file__), "hook", name, control], cwd=srcdir, env=env)
        if code != 0:
            raise FrontendError("Backend subprocess exited when trying to invoke %s" % name)
        with open(os.path.join(control, "output.json"), encoding="utf-8") as f:
            out = json.load(f)
    finally:
        shutil.rmtree(control, ignore_errors=True)
    if out.get("no_backend"):
        sys.stdout.write(out.get("traceback", ""))
        raise FrontendError("Backend %r is not available." % build_system["build-backend"])
    if out.get("backend_invalid"):
        raise FrontendError("Backend %r is invalid: %s" % (build_system["build-backend"], out.get("message")))
    if out.get("hook_missing"):
        raise FrontendError("Backend %r does not provide the %s hook." % (build_system["build-backend"], name))
    return out["return_val"]


def make_venv(workdir):
    envdir = os.path.join(workdir, "env")
    log("creating isolated environment: venv+pip...")
    code = subprocess.call([sys.executable, "-m", "venv", envdir])
    scripts = os.path.join(envdir, "Scripts" if os.name == "nt" else "bin")
    python = os.path.join(scripts, "python.exe" if os.name == "nt" else "python")
    if code != 0 or not os.path.exists(python):
        raise FrontendError("`%s -m venv` failed: this Python needs its venv module (Debian/Ubuntu: apt-get install python3-venv)" % sys.executable)
    if sys.version_info < (3, 12):
        # ensurepip before 3.12 also installs setuptools; like pypa/build, remove it, so that only
        # what the project requires (from the index) is in the environment.
        subprocess.call([python, "-m", "pip", "uninstall", "--yes", "--quiet", "--disable-pip-version-check", "setuptools"])
    return python, scripts


def pip_install(python, requirements, workdir):
    if not requirements:
        return
    log("installing build dependencies... (%s)" % ", ".join(sorted(requirements)))
    # A requirements file, as pypa/build writes: markers and specifiers need no shell quoting.
    fd, path = tempfile.mkstemp(prefix="build-reqs-", suffix=".txt", dir=workdir)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write("\n".join(sorted(requirements)) + "\n")
    cmd = [python, "-m", "pip", "install", "--disable-pip-version-check", "--no-input", "--no-color", "--progress-bar", "off", "--no-warn-script-location", "-r", path]
    if subprocess.call(cmd) != 0:
        raise FrontendError("pip could not install the build dependencies: %s" % ", ".join(sorted(requirements)))


def _load_packaging():
    # `packaging` is not in the standard library; pip (in nearly every interpreter) vendors it.
    for name in ("packaging", "pip._vendor.packaging"):
        try:
            req = __import__(name + ".requirements", fromlist=["Requirement"])
            return req.Requirement
        except Exception:
            continue
    return None


def unmet_requirement(text, requirement_cls, ancestors=(), parent_extras=()):
    """The chain of requirements that is not satisfied (as pypa/build's check_dependency), or None."""
    import importlib.metadata as metadata

    if requirement_cls is None:
        # Without packaging only the distribution's presence can be checked.
        name = text.split(";")[0].split("[")[0].split("@")[0]
        for op in ("<", ">", "=", "!", "~", " ", "("):
            name = name.split(op)[0]
        try:
            metadata.distribution(name.strip())
            return None
        except metadata.PackageNotFoundError:
            return ancestors + (text,)
    req = requirement_cls(text)
    normalized_extras = {e.lower().replace("_", "-") for e in parent_extras}
    if req.marker:
        extras = normalized_extras or {""}
        if not any(req.marker.evaluate({"extra": e}) for e in extras):
            return None
    try:
        dist = metadata.distribution(req.name)
    except metadata.PackageNotFoundError:
        return ancestors + (text,)
    if req.specifier and not req.specifier.contains(dist.version, prereleases=True):
        return ancestors + (text,)
    if req.extras:
        for other in dist.requires or []:
            found = unmet_requirement(other, requirement_cls, ancestors + (text,), req.extras)
            if found:
                return found
    return None


def check_dependencies(requirements):
    requirement_cls = _load_packaging()
    missing = [u for u in (unmet_requirement(r, requirement_cls) for r in sorted(requirements)) if u]
    if missing:
        lines = "\n".join("\t" + " -> ".join(chain) for chain in missing)
        raise FrontendError("Missing dependencies:\n%s" % lines)


# setuptools_scm settings that only decide the version; the ones that write files are left out,
# since they would write into the user's tree.
_SCM_VERSION_KEYS = ("root", "tag_regex", "git_describe_command", "version_scheme", "local_scheme", "fallback_version", "normalize", "parentdir_prefix_version", "search_parent_directories")


def _canonical(requirement):
    name = ""
    for ch in requirement.strip():
        if ch.isalnum() or ch in "-_.":
            name += ch
        else:
            break
    return name.lower().replace("_", "-").replace(".", "-")


def _read_pyproject(root):
    try:
        import tomllib
    except ImportError:  # Python < 3.11: the plugin's own defaults apply
        return {}
    try:
        with open(os.path.join(root, "pyproject.toml"), "rb") as f:
            return tomllib.load(f)
    except OSError:
        return {}


def vcs_version(python, vcs_root, build_system, extra_env):
    """The version setuptools_scm / hatch-vcs would compute in the user's tree, or None."""
    if not vcs_root or os.environ.get("SETUPTOOLS_SCM_PRETEND_VERSION"):
        return None
    names = {_canonical(r) for r in build_system["requires"]}
    tool = _read_pyproject(vcs_root).get("tool", {})
    if "setuptools-scm" in names:
        config = dict(tool.get("setuptools_scm", {}))
    elif "hatch-vcs" in names:
        hatch = tool.get("hatch", {}).get("version", {})
        config = dict(hatch.get("raw-options", {}))
        if "tag-pattern" in hatch:
            config.setdefault("tag_regex", hatch["tag-pattern"])
        if "fallback-version" in hatch:
            config.setdefault("fallback_version", hatch["fallback-version"])
    else:
        return None
    kwargs = {k: v for k, v in config.items() if k in _SCM_VERSION_KEYS}
    kwargs.setdefault("root", ".")
    kwargs["relative_to"] = os.path.join(vcs_root, "pyproject.toml")
    code = "import json, sys\nfrom setuptools_scm import get_version\nprint(get_version(**json.loads(sys.argv[1])))"
    env = dict(os.environ, **extra_env)
    try:
        out = subprocess.check_output([python, "-c", code, json.dumps(kwargs)], cwd=vcs_root, env=env, stderr=subprocess.STDOUT)
    except subprocess.CalledProcessError as e:
        raise FrontendError("the version could not be read from VCS in %s:\n%s" % (vcs_root, e.output.decode("utf-8", "replace")))
    lines = out.decode("utf-8", "replace").strip().splitlines()
    version = lines[-1].strip() if lines else ""
    if not version:
        raise FrontendError("setuptools_scm printed no version for %s" % vcs_root)
    return version


def build_one(kind, srcdir, args, build_system, python, extra_env, installed):
    outdir = args.outdir
    requires = call_hook(python, srcdir, build_system, "get_requires_for_build_" + kind, {"config_settings": None}, extra_env)
    if args.isolated:
        pip_install(python, [r for r in requires if r not in installed], args.workdir)
        installed.update(requires)
    elif not args.skip_dependency_check:
        check_dependencies(set(build_system["requires"]) | set(requires))
    log("building %s..." % kind)
    kwargs = {"config_settings": None}
    if kind == "sdist":
        kwargs["sdist_directory"] = outdir
    else:
        kwargs.update(wheel_directory=outdir, metadata_directory=None)
    return call_hook(python, srcdir, build_system, "build_" + kind, kwargs, extra_env)


def unpack_sdist(path, dest):
    with tarfile.open(path) as tar:
        if hasattr(tarfile, "data_filter"):
            tar.extractall(dest, filter="data")
        else:
            for member in tar.getmembers():
                target = os.path.realpath(os.path.join(dest, member.name))
                if not target.startswith(os.path.realpath(dest) + os.sep):
                    raise FrontendError("the sdist holds a path outside its folder: %s" % member.name)
            tar.extractall(dest)


def build(args):
    # The hooks run with the source tree as cwd: every folder they are given must be absolute.
    args.srcdir, args.outdir, args.workdir = (os.path.abspath(p) for p in (args.srcdir, args.outdir, args.workdir))
    build_system = json.loads(args.build_system)
    os.makedirs(args.outdir, exist_ok=True)
    python, extra_env, installed = sys.executable, {}, set()
    if args.isolated:
        python, scripts = make_venv(args.workdir)
        # pypa/build puts the environment's scripts first on PATH for the hooks.
        extra_env = {"PATH": scripts + os.pathsep + os.environ.get("PATH", "")}
        pip_install(python, build_system["requires"], args.workdir)
        installed.update(build_system["requires"])
    version = vcs_version(python, args.vcs_root, build_system, extra_env)
    if version:
        log("version %s from VCS (read in %s)" % (version, args.vcs_root))
        extra_env = dict(extra_env, SETUPTOOLS_SCM_PRETEND_VERSION=version)
    sdist = build_one("sdist", args.srcdir, args, build_system, python, extra_env, installed)
    # The wheel comes from the unpacked sdist (as `python -m build` does), so it holds only what
    # the sdist holds.
    unpacked = os.path.join(args.workdir, "sdist")
    unpack_sdist(os.path.join(args.outdir, sdist), unpacked)
    top = os.path.join(unpacked, sdist[: -len(".tar.gz")])
    if not os.path.isdir(top):
        raise FrontendError("the sdist %s has no top-level folder %s" % (sdist, os.path.basename(top)))
    wheel = build_one("wheel", top, args, build_system, python, extra_env, installed)
    with open(os.path.join(args.workdir, "result.json"), "w", encoding="utf-8") as f:
        json.dump({"sdist": sdist, "wheel": wheel}, f)
    log("Successfully built %s and %s" % (sdist, wheel))


def main(argv):
    if len(argv) == 3 and argv[0] == "hook":
        run_hook(argv[1], argv[2])
        return 0
    import argparse

    parser = argparse.ArgumentParser(prog="pep517_frontend.py")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build")
    b.add_argument("--srcdir", required=True)
    b.add_argument("--outdir", required=True)
    b.add_argument("--workdir", required=True)
    b.add_argument("--build-system", required=True, help="the validated [build-system] table as JSON")
    b.add_argument("--vcs-root", default=None, help="the user's project folder, where VCS versions are read")
    b.add_argument("--no-isolation", dest="isolated", action="store_false")
    b.add_argument("--skip-dependency-check", action="store_true")
    args = parser.parse_args(argv)
    try:
        build(args)
    except FrontendError as e:
        print("ERROR " + str(e), flush=True)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
