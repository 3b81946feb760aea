"""Run as a script under ``-X faulthandler``: switch language and palette hundreds of times while
uploads start and finish (issue 8, item 15). Prints one line of counts; a native crash prints
faulthandler's traceback and a non-zero status instead.

    python -X faulthandler tests/ui/stress_worker.py DATA_DIR SWITCHES FILES
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["PYTHON_KEYRING_BACKEND"] = "tests.memkeyring.MemoryKeyring"
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def main(data: Path, switches: int, files: int) -> int:
    import qasync
    from PySide6.QtWidgets import QApplication

    from app.core.settings import AppPaths, KeyStore, Settings, trust_backend
    from app.localserver import LocalServer
    from app.ui.control.controller import Controller
    from app.ui.desktop import theme
    from app.ui.table.rows import RowState
    from app.ui.window.mainwindow import MainWindow
    from app.ui.words import i18n
    from tests.helpers import make_png
    from tests.memkeyring import MemoryKeyring

    trust_backend(MemoryKeyring)
    app = QApplication(sys.argv[:1])
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
    import translations

    translations.build(quiet=True)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    paths = AppPaths.resolve(data / "profile")
    inputs = data / "in"
    inputs.mkdir(parents=True, exist_ok=True)
    names = []
    for i in range(files):
        path = inputs / f"p{i:04d}.png"
        path.write_bytes(make_png(seed=i))
        names.append(str(path))

    with LocalServer(api_key="test-key", data_dir=data / "server") as server:
        server.faults.throttle(2_000_000)  # uploads take a few ms each: they overlap switches
        keys = KeyStore(env={})
        keys.save("test-key")
        settings = Settings(paths.settings, env={})
        settings.set("base_url", server.base_url)
        settings.set("concurrency", 4)
        controller = Controller(paths, settings, keys)
        window = MainWindow(controller)
        controller.start()
        window.show()

        async def stress() -> int:
            batch = max(1, files // 10)
            added = 0
            for n in range(switches):
                if added < files and n % max(1, switches // 10) == 0:
                    window.add_paths(names[added : added + batch])
                    added += batch
                i18n.apply("zh_CN" if n % 2 else "en")
                theme.apply("dark" if n % 3 == 1 else "light")
                await asyncio.sleep(0.002)  # let queued signals from the uploads run in between
            if added < files:
                window.add_paths(names[added:])
            while len(controller.model.find(lambda r: r.state is RowState.DONE)) < files:
                await asyncio.sleep(0.05)
            return len(controller.model.find(lambda r: r.state is RowState.DONE))

        done = loop.run_until_complete(asyncio.wait_for(stress(), 300))
        history_rows = controller.history.count() if controller.history is not None else -1
        loop.run_until_complete(controller.shutdown())
        window.close()
        window.deleteLater()
        loop.run_until_complete(asyncio.sleep(0.05))
        loop.close()  # stops qasync's worker threads before Qt tears down
        print(f"switches={switches} done={done} history={history_rows}", flush=True)
        return 0 if done == files == history_rows else 1


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])))
