"""After a load or fault run: is every acknowledged update in the database, whole?

Reads the acknowledged writes (JSON lines from locustfile.py) and looks each up: the update with
that note, on that action, with that status, by the signed-in officer. Prints what it found and
exits 1 if any acknowledged write is missing or different. Updates saved whose answer never
reached the client (cut off by the outage) are counted too: saved, not lost.

    DATABASE_URL=... python loadtest/check_writes.py ACK_FILE
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cspplan.settings")


def main(ack_file: str) -> int:
    import django

    django.setup()
    from actions.models import ActionUpdate

    acknowledged = [
        json.loads(line) for line in Path(ack_file).read_text(encoding="utf-8").splitlines()
    ]
    stored = {
        update.note: update
        for update in ActionUpdate.objects.filter(note__startswith="load-").select_related("author")
    }
    missing, different = [], []
    for write in acknowledged:
        update = stored.get(write["note"])
        if update is None:
            missing.append(write)
        elif (update.action_id, update.status) != (write["action"], write["status"]):
            different.append(write)
    unacknowledged = len(set(stored) - {write["note"] for write in acknowledged})
    print(f"acknowledged writes: {len(acknowledged)}")
    print(f"found in the database, whole: {len(acknowledged) - len(missing) - len(different)}")
    print(f"missing: {len(missing)}; different: {len(different)}")
    print(f"saved but never acknowledged (the answer was lost): {unacknowledged}")
    for write in (missing + different)[:20]:
        print("  ", write)
    return 1 if missing or different or not acknowledged else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
