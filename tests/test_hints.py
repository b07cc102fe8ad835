"""The commands an error or a closing line tells the user to run work as printed and name the data directory used."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

from pipeline.commands import danvan_command, make_command, run_hint

REPO = Path(__file__).resolve().parent.parent
COMMAND_IN_QUOTES = re.compile(r"`([^`]+)`")


def _hints(message: str) -> list[str]:
    return COMMAND_IN_QUOTES.findall(message)


def _split(hint: str) -> tuple[list[str], list[str]]:
    """A danvan command's program (the script, or an interpreter with -m pipeline) and its arguments."""
    words = shlex.split(hint)
    cut = 3 if words[1:3] == ["-m", "pipeline"] else 1
    return words[:cut], words[cut:]


def _serve(data_dir: Path, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", "serve", "--data-dir", str(data_dir)],
                          capture_output=True, text=True, cwd=cwd, timeout=60)


def test_serve_without_a_database_names_make_targets_with_the_data_dir_from_the_checkout(tmp_path):
    done = _serve(tmp_path, REPO)
    assert done.returncode == 1
    assert _hints(done.stderr) == [f"make demo DATA={tmp_path}", f"make build DATA={tmp_path}"], done.stderr


def test_serve_without_a_database_in_the_default_dir_names_the_plain_targets(tmp_path, monkeypatch):
    monkeypatch.chdir(REPO)
    assert run_hint("demo", "data", target="demo") == "`make demo`"
    assert run_hint("demo", Path("data"), target="demo") == "`make demo`"
    assert run_hint("demo", "other", target="demo") == "`make demo DATA=other`"


def test_outside_the_checkout_the_hint_is_a_danvan_command_that_runs_as_printed(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    data_dir = tmp_path / "my data"   # a space: the printed command must quote it
    data_dir.mkdir()
    done = _serve(data_dir, elsewhere)
    assert done.returncode == 1
    hints = _hints(done.stderr)
    assert len(hints) == 2 and not any(h.startswith("make ") for h in hints), done.stderr
    build = shlex.split(hints[1])
    assert build[-3:] == ["build", "--data-dir", str(data_dir)]
    ran = subprocess.run(hints[1], shell=True, capture_output=True, text=True, cwd=elsewhere, timeout=60)
    # it is danvan that answers (not the shell's "command not found"), about the data directory named
    assert ran.returncode == 1 and ran.stderr.startswith("danvan build: no archive in "), ran.stderr
    assert str(data_dir / "raw") in ran.stderr


def test_the_danvan_command_is_the_script_beside_this_interpreter_or_the_module(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    program = shlex.split(danvan_command("serve"))
    assert program[-1] == "serve"
    first = Path(program[0])
    assert first.is_absolute() and first.is_file()   # nothing that only an activated venv's PATH would find
    if first.name != "danvan":
        assert program[1:3] == ["-m", "pipeline"]
    assert make_command("serve", "data") is None     # no Makefile here


def test_a_build_without_an_archive_names_the_data_dir(tmp_path, capsys, monkeypatch):
    from pipeline.cli import main

    monkeypatch.chdir(REPO)
    assert main(["build", "--data-dir", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert _hints(err) == [f"make crawl DATA={tmp_path}", f"make demo DATA={tmp_path}"], err


def test_a_file_that_is_no_database_names_the_rebuild_of_its_own_dir(tmp_path, capsys):
    from pipeline.cli import main

    (tmp_path / "danvan.db").write_bytes(b"not a database at all" * 50)
    assert main(["serve", "--data-dir", str(tmp_path)]) == 1
    (hint,) = _hints(capsys.readouterr().err)
    assert shlex.split(hint)[-4:] == ["build", "--rebuild", "--data-dir", str(tmp_path)]
    assert Path(shlex.split(hint)[0]).name in ("danvan", Path(sys.executable).name)


def test_site_add_says_what_to_run_next_as_it_can_be_pasted(tmp_path, capsys):
    import yaml

    from local_site import free_port
    from pipeline.cli import main
    from scrapers.registry import SHIPPED_REGISTRY

    (tmp_path / "sites").mkdir()
    profile = yaml.safe_load((SHIPPED_REGISTRY.parent / "gialai.yaml").read_text(encoding="utf-8"))
    dead = f"http://127.0.0.1:{free_port()}"
    profile.update(name="mine", base_url=dead)
    (tmp_path / "sites" / "mine.yaml").write_text(yaml.safe_dump(profile, allow_unicode=True), encoding="utf-8")
    assert main(["site", "add", dead, "--name", "mine", "--data-dir", str(tmp_path)]) == 0
    (check_program, check), (crawl_program, crawl) = (_split(hint) for hint in _hints(capsys.readouterr().out))
    assert check == ["site", "check", "mine", "--data-dir", str(tmp_path)]
    assert crawl == ["crawl", "--site", "mine", "--data-dir", str(tmp_path)]
    assert check_program == crawl_program and Path(check_program[0]).is_file()
