#!/usr/bin/python3
"""Checks a card's photos against a local mirror of the bucket, by content.

    photos_in_bucket.py CARD-TREE BUCKET-MIRROR PREFIX

CARD-TREE is the card as it was before the kiosk saw it (a copied-out file tree); the photos are the JPEG
files under its DCIM/ (the videos' thumbnails and low-resolution copies there are not photos). For each photo, the objects under BUCKET-MIRROR/PREFIX (manifests aside) holding exactly its bytes
are counted: there must be exactly one (no photo lost, none stored twice). Prints one line per problem and
a summary; exits 1 if there was any problem.
"""
import hashlib
import pathlib
import sys


def digest(path: pathlib.Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def main() -> int:
    card, mirror, prefix = (pathlib.Path(a) for a in sys.argv[1:4])
    photos = sorted(p for p in (card / "DCIM").rglob("*") if p.is_file() and p.suffix.lower() == ".jpg")
    objects: dict[str, list[str]] = {}
    root = mirror / prefix
    if root.is_dir():
        for p in root.rglob("*"):
            if p.is_file() and "_manifests" not in p.parts:
                objects.setdefault(digest(p), []).append(str(p.relative_to(mirror)))
    problems = exact = 0
    for photo in photos:
        found = objects.get(digest(photo), [])
        if len(found) == 1:
            exact += 1
        else:
            problems += 1
            print(f"  {photo.relative_to(card)}: {len(found)} objects with its bytes under {prefix}/ {found}")
    manifests = list((root / "_manifests").glob("*.json")) if root.is_dir() else []
    if not manifests:
        problems += 1
        print(f"  no manifest under {prefix}/_manifests/")
    print(f"  {len(photos)} photos, {exact} found exactly once under {prefix}/ ({len(manifests)} manifests)")
    return 1 if problems or not photos else 0


if __name__ == "__main__":
    sys.exit(main())
