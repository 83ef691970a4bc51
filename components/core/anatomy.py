"""Split a saved Keras file into parts whose bytes add up exactly to its size.

Reads the files themselves (zipfile, struct, h5py), no TensorFlow. Every part is
measured except one per HDF5 file, "HDF5 structure": object headers, B-trees,
name heaps and alignment, i.e. whatever the HDF5 file holds besides its data.
"""

from __future__ import annotations

import io
import os
import struct
import zipfile

import h5py

from components.core.file_report import Anatomy, FileFormat, Part, PartKind
from components.core.i18n import Note

LOCAL_HEADER = struct.Struct("<4s5H3I2H")  # the fixed 30 bytes before each entry's name
END_RECORD = struct.Struct("<4s4H2LH")  # the fixed 22 bytes of the end of central directory

WEIGHTS_ENTRY = "model.weights.h5"  # the .keras zip's HDF5 file of variables
ENTRY_NOTES = {  # each a Note: the page says it in its language
    "config.json": Note("anatomy.what.config"),
    "metadata.json": Note("anatomy.what.metadata"),
}


def h5_data_bytes(h5: h5py.File, optimizer_group: str) -> dict[str, int]:
    """Bytes of dataset storage, split into model weights, optimizer slots and scalars.

    Scalars (shape ``()``) under the optimizer are its iteration counter, learning
    rate and the like; everything else under it is per-parameter state.
    """
    totals = {"weights": 0, "slots": 0, "scalars": 0}

    def visit(name: str, item) -> None:
        if not isinstance(item, h5py.Dataset):
            return
        size = item.id.get_storage_size()
        if name.split("/")[0] != optimizer_group:
            totals["weights"] += size
        elif item.shape == ():
            totals["scalars"] += size
        else:
            totals["slots"] += size

    h5.visititems(visit)
    return totals


def _h5_parts(h5: h5py.File, optimizer_group: str, size: int, prefix: str = "") -> list[Part]:
    data = h5_data_bytes(h5, optimizer_group)
    parts = [
        Part(
            _name("weights", prefix),
            PartKind.WEIGHTS,
            data["weights"],
            Note("anatomy.what.weights"),
        ),
        Part(_name("slots", prefix), PartKind.OPTIMIZER, data["slots"], Note("anatomy.what.slots")),
        Part(
            _name("scalars", prefix),
            PartKind.OPTIMIZER,
            data["scalars"],
            Note("anatomy.what.scalars"),
        ),
    ]
    json_parts = [
        Part(
            Note("anatomy.name.attribute", prefix=prefix, name=name),
            PartKind.JSON,
            len(_attribute_bytes(h5.attrs[name])),
            Note(f"anatomy.what.{name}"),
        )
        for name in ("model_config", "training_config")
        if name in h5.attrs
    ]
    parts += json_parts
    measured = sum(part.bytes for part in parts)
    parts.append(
        Part(
            _name("structure", prefix),
            PartKind.HDF5,
            size - measured,
            Note("anatomy.what.structure"),
        )
    )
    return parts


def _name(part: str, prefix: str = "") -> Note:
    """A part's name, as the page says it (``model.weights.h5: weights``)."""
    return Note(f"anatomy.name.{part}", prefix=prefix)


def _attribute_bytes(value) -> bytes:
    return value if isinstance(value, bytes) else str(value).encode("utf8")


def h5_anatomy(path: str, file: FileFormat = FileFormat.H5) -> Anatomy:
    """A legacy ``model.save("m.h5")`` file: model_weights, optimizer_weights, JSON attributes."""
    size = os.path.getsize(path)
    with h5py.File(path, "r") as h5:
        parts = _h5_parts(h5, "optimizer_weights", size)
    return Anatomy(file, size, tuple(parts))


def keras_anatomy(path: str, file: FileFormat = FileFormat.KERAS) -> Anatomy:
    """A ``.keras`` zip: its headers, its JSON entries, and inside model.weights.h5."""
    size = os.path.getsize(path)
    with open(path, "rb") as handle:
        raw = handle.read()
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        entries = sorted(archive.infolist(), key=lambda info: info.header_offset)
        for info in entries:
            if info.compress_type != zipfile.ZIP_STORED:
                raise ValueError(
                    f"{info.filename} is compressed ({info.compress_type}); Keras stores "
                    "entries uncompressed, so its bytes cannot be split further."
                )
        content = {info.filename: archive.read(info.filename) for info in entries}
    parts = _zip_parts(raw, entries)
    for info in entries:
        if info.filename == WEIGHTS_ENTRY:
            with h5py.File(io.BytesIO(content[info.filename]), "r") as h5:
                parts += _h5_parts(h5, "optimizer", info.compress_size, f"{WEIGHTS_ENTRY}: ")
        else:
            what = ENTRY_NOTES.get(info.filename, Note("anatomy.what.other_entry"))
            parts.append(Part(info.filename, PartKind.JSON, info.compress_size, what))
    return Anatomy(file, size, tuple(parts))


def _zip_parts(raw: bytes, entries: list[zipfile.ZipInfo]) -> list[Part]:
    """The zip's own bytes: one local header per entry, descriptors, directory, end record."""
    (_, _, _, _, _, directory_size, directory_offset, _) = END_RECORD.unpack_from(
        raw, raw.rfind(b"PK\x05\x06")
    )
    headers = descriptors = 0
    ends = [info.header_offset for info in entries[1:]] + [directory_offset]
    for info, next_start in zip(entries, ends, strict=True):
        fields = LOCAL_HEADER.unpack_from(raw, info.header_offset)
        header = LOCAL_HEADER.size + fields[-2] + fields[-1]  # + name + extra field
        headers += header
        # Bytes between this entry's data and the next header: data descriptors, if any.
        descriptors += next_start - (info.header_offset + header + info.compress_size)
    tail = len(raw) - directory_offset - directory_size
    parts = [
        Part(
            _name("local_headers"),
            PartKind.ZIP,
            headers,
            Note("anatomy.what.entries", n=len(entries)),
        ),
        Part(_name("directory"), PartKind.ZIP, directory_size, Note("anatomy.what.directory")),
        Part(_name("end"), PartKind.ZIP, tail, Note("anatomy.what.end")),
    ]
    if descriptors:
        parts.append(
            Part(_name("descriptors"), PartKind.ZIP, descriptors, Note("anatomy.what.descriptors"))
        )
    return parts
