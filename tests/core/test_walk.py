"""Folder walks stay inside the dropped folder (issue 8, item 6), by example and by property."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.media import Media, collect
from tests.helpers import make_png


def test_a_link_to_the_root_of_the_system_is_not_followed(tmp_path: Path) -> None:
    drop = tmp_path / "drop"
    drop.mkdir()
    (drop / "mine.png").write_bytes(make_png())
    (drop / "root-link").symlink_to("/")
    (drop / "home-link").symlink_to(Path.home())
    result = collect([drop])
    assert [m.name for m in result.media] == ["mine.png"]
    assert result.refusals == []
    assert result.links_not_followed == 2
    assert result.summary() == (
        "Did not follow 2 links to other folders; drop those folders themselves."
    )


def test_a_link_to_a_folder_dropped_directly_is_walked(tmp_path: Path) -> None:
    """Dropping the link itself is the person's choice."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "pic.png").write_bytes(make_png())
    (tmp_path / "link").symlink_to(elsewhere)
    result = collect([tmp_path / "link"])
    assert [m.name for m in result.media] == ["pic.png"]


def test_a_link_back_inside_the_folder_is_not_reported(tmp_path: Path) -> None:
    drop = tmp_path / "drop"
    (drop / "sub").mkdir(parents=True)
    (drop / "sub" / "pic.png").write_bytes(make_png())
    (drop / "again").symlink_to(drop / "sub")
    result = collect([drop])
    assert [m.name for m in result.media] == ["pic.png"]
    assert result.links_not_followed == 0 and result.summary() is None


# A random tree: folders, pictures, and symlinks that point anywhere (inside, outside, loops).
_names = st.sampled_from(["a", "b", "c", "d"])
_node = st.recursive(
    st.one_of(
        st.just(("png",)),
        st.tuples(st.just("link"), st.sampled_from(["outside", "root", "parent", "self", "up2"])),
    ),
    lambda children: st.dictionaries(_names, children, max_size=3).map(lambda d: ("dir", d)),
    max_leaves=12,
)


def _build(path: Path, node: tuple[object, ...], root: Path, outside: Path) -> None:
    kind = node[0]
    if kind == "png":
        path.with_name(path.name + ".png").write_bytes(make_png(seed=len(str(path))))
    elif kind == "link":
        target = {
            "outside": outside,
            "root": root,
            "parent": path.parent,
            "self": path,
            "up2": path.parent.parent,
        }[str(node[1])]
        path.symlink_to(target, target_is_directory=True)
    else:
        path.mkdir()
        children = node[1]
        assert isinstance(children, dict)
        for name, child in children.items():
            _build(path / name, child, root, outside)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(_names, _node, max_size=4))
def test_nothing_outside_the_dropped_folder_is_ever_queued(tree: dict[str, object]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        outside = base / "outside"
        outside.mkdir()
        (outside / "secret.png").write_bytes(make_png(seed=99))
        root = base / "drop"
        root.mkdir()
        for name, child in tree.items():
            assert isinstance(child, tuple)
            _build(root / name, child, root, outside)
        result = collect([root])
        real_root = Path(os.path.realpath(root))
        paths = [m.path for m in result.items if isinstance(m, Media)]
        for path in paths:
            assert real_root in path.parents, path
        assert len(paths) == len(set(paths))  # each file once, however many ways it is reached
        pngs = {Path(os.path.realpath(p)) for p in real_root.rglob("*.png")}
        assert set(paths) == pngs  # and every picture truly inside is found
        shutil.rmtree(root)
