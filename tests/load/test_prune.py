"""``news-etl prune``: the one way to remove articles whose files are gone or stale."""

from __future__ import annotations

import contextlib
import os
import zipfile

from typer.testing import CliRunner

from extract.presence import present_sources
from load.warehouse import Warehouse
from news_etl.cli import app
from tests.helpers import FIRST, OTHER, check, loaded_once, run

runner = CliRunner()


def sources(store: Warehouse) -> list[str]:
    with contextlib.closing(store.connect(read_only=True)) as con:
        return [uri for (uri,) in con.execute("SELECT source_uri FROM articles ORDER BY 1").fetchall()]


def ledger(store: Warehouse) -> list[str]:
    with contextlib.closing(store.connect(read_only=True)) as con:
        return [uri for (uri,) in con.execute("SELECT source_uri FROM source_files ORDER BY 1").fetchall()]


def test_prune_removes_gone_and_stale_files_of_the_given_roots_only(tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    (one / "gone.txt").write_text(FIRST, encoding="utf-8")
    (one / "stale.txt").write_text(OTHER, encoding="utf-8")
    (one / "kept.txt").write_text(OTHER.replace("b", "k").replace("Another", "A kept"), encoding="utf-8")
    with zipfile.ZipFile(one / "bundle.zip", "w") as z:
        z.writestr("member.txt", " date 2022-05-01 https://example.com/m\nM\nA member story.\n")
    (two / "other.txt").write_text(" date 2022-06-01 https://example.com/o\nO\nA story of another root.\n")
    store = Warehouse(tmp_path / "w")
    run(store, one, "run-1")
    run(store, two, "run-2")
    loaded = sources(store)
    assert len(loaded) == 5
    (one / "gone.txt").unlink()
    (two / "other.txt").unlink()  # gone too, but its root is not given to prune
    (one / "stale.txt").write_bytes(b"")
    result = run(store, one, "run-3")
    assert result.files_kept == 1
    assert sources(store) == loaded  # a run removes nothing it could not read

    args = ["prune", str(one), "--warehouse", str(store.root)]
    dry = runner.invoke(app, [*args, "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "would remove" in dry.output and "(gone)" in dry.output and "(stale: empty)" in dry.output
    assert "would remove 2 articles" in dry.output
    assert sources(store) == loaded

    done = runner.invoke(app, args)
    assert done.exit_code == 0, done.output
    assert "removed 2 articles" in done.output
    assert sources(store) == [u for u in loaded if not u.endswith(("gone.txt", "stale.txt"))]
    assert str(two / "other.txt") in sources(store)
    assert not any(u.endswith(("gone.txt", "stale.txt")) for u in ledger(store))
    assert check(store) == []  # the Parquet mirror was rewritten with the tables

    (one / "stale.txt").write_text(OTHER, encoding="utf-8")  # repaired: read as a new file
    assert run(store, one, "run-4").inserted["articles"] == 1
    assert len(sources(store)) == 4


def test_prune_refuses_a_missing_source(tmp_path):
    src, _, store, _ = loaded_once(tmp_path)
    result = runner.invoke(app, ["prune", str(tmp_path / "unmounted"), "--warehouse", str(store.root)])
    assert result.exit_code == 2 and "does not exist" in result.output
    os.rename(src, tmp_path / "moved")  # the loaded root itself vanishes (an unmounted volume)
    result = runner.invoke(app, ["prune", str(src), "--warehouse", str(store.root)])
    assert result.exit_code == 2 and "does not exist" in result.output
    assert len(sources(store)) == 1


def test_files_under_a_directory_that_cannot_be_listed_now_are_not_gone(tmp_path, monkeypatch):
    import extract.discover

    src = tmp_path / "src"
    (src / "sub").mkdir(parents=True)
    (src / "sub" / "a.txt").write_text(FIRST, encoding="utf-8")
    store = Warehouse(tmp_path / "w")
    run(store, src, "run-1")
    real_list = extract.discover._list_directory

    def refuse_sub(fd: int, path: str):  # a transient EACCES or EIO on the directory
        if path.endswith("/sub"):
            raise PermissionError(13, "Permission denied")
        return real_list(fd, path)

    monkeypatch.setattr(extract.discover, "_list_directory", refuse_sub)
    assert [r.reason for r in extract.discover.discover([src]).rejects] == ["unreadable"]
    assert store.prune(present_sources([src])).removed == []
    assert sources(store) == [str(src / "sub" / "a.txt")]


def test_a_source_that_is_a_dangling_link_is_refused(tmp_path):
    volume, src = tmp_path / "volume", tmp_path / "src"
    volume.mkdir()
    (volume / "a.txt").write_text(FIRST, encoding="utf-8")
    src.symlink_to(volume, target_is_directory=True)
    store = Warehouse(tmp_path / "w")
    run(store, src, "run-1")
    volume.rename(tmp_path / "unmounted")  # the link now points nowhere: an unmounted volume
    refused = runner.invoke(app, ["prune", str(src), "--warehouse", str(store.root)])
    assert refused.exit_code == 2 and "does not exist" in refused.output
    assert sources(store) == [str(src / "a.txt")]


def test_a_story_moved_to_a_new_path_survives_pruning_its_old_path(tmp_path):
    src = tmp_path / "src"
    (src / "old").mkdir(parents=True)
    (src / "old" / "a.txt").write_text(FIRST, encoding="utf-8")
    store = Warehouse(tmp_path / "w")
    run(store, src, "run-1")
    (src / "new").mkdir()
    os.replace(src / "old" / "a.txt", src / "new" / "a.txt")  # the new path sorts after the old
    (src / "old" / "b.txt").write_text(OTHER, encoding="utf-8")  # the old folder stays
    run(store, src, "run-2")  # the new path is a duplicate of the article still loaded
    assert [uri for uri, _, why in store.prune(present_sources([src])).removed] == [
        str(src / "old" / "a.txt")
    ]
    run(store, src, "run-3")  # the duplicate is read again and takes the article's place
    assert sources(store) == [str(src / "new" / "a.txt"), str(src / "old" / "b.txt")]
