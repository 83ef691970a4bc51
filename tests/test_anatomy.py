"""A saved file split into parts that add up to its exact size; Keras and zipfile as oracles."""

import io
import json
import math
import os
import zipfile

import h5py
import numpy as np
import pytest
import tensorflow  # noqa: F401  (Keras-oracle test: TensorFlow must be there)

from components.core.anatomy import h5_anatomy, keras_anatomy
from components.core.file_report import PartKind
from components.core.spec import ModelSpec
from components.worker.model import build_compiled
from components.worker.serialization import quiet_legacy_warning

pytestmark = pytest.mark.slow  # saves real Keras files

SPECS = (
    ModelSpec(),  # the seed's model, Adam
    ModelSpec(widths=(7,), batchnorm=False, dropout=0.0, optimizer="sgd"),
    ModelSpec(widths=(40, 20, 10), optimizer="rmsprop"),
    ModelSpec(widths=(5, 4, 3, 3, 2, 1), optimizer="adamw", learning_rate=0.01),
    ModelSpec(widths=(64, 3), optimizer="adagrad", dropout=0.0),
)


def saved(spec: ModelSpec, folder) -> dict:
    """The spec's model with its optimizer built, saved as .keras and legacy .h5."""
    model = build_compiled(spec)
    model.optimizer.build(model.trainable_variables)
    paths = {"keras": str(folder / "m.keras"), "h5": str(folder / "m.h5")}
    with quiet_legacy_warning():
        for path in paths.values():
            model.save(path)
    slots = [v for v in model.optimizer.variables if len(v.shape) > 0]
    return {
        **paths,
        "params": model.count_params(),
        "slot_bytes": sum(4 * math.prod(v.shape) for v in slots),
    }


@pytest.fixture(scope="module", params=SPECS, ids=lambda s: "-".join(map(str, s.widths)))
def files(request, tmp_path_factory):
    return saved(request.param, tmp_path_factory.mktemp("anatomy"))


def part(anatomy, suffix: str) -> int:
    return next(p.bytes for p in anatomy.parts if p.name.endswith(suffix))


def hdf5_objects(h5: h5py.File) -> list:
    objects = [h5]
    h5.visititems(lambda _, item: objects.append(item))
    return objects


def hdf5_metadata_bytes(h5: h5py.File) -> int:
    """HDF5's own count of object headers, group B-trees and name heaps (H5Oget_info)."""
    total = 0
    for item in hdf5_objects(h5):
        info = h5py.h5o.get_info(item.id)
        meta = info.meta_size
        total += info.hdr.space.total + meta.obj.index_size + meta.obj.heap_size
        total += meta.attr.index_size + meta.attr.heap_size
    return total


def string_attribute_bytes(h5: h5py.File) -> int:
    """Bytes of every string attribute, JSON included: what the global heap can hold."""
    total = 0
    for item in hdf5_objects(h5):
        for value in item.attrs.values():
            for one in np.ravel(value).tolist():
                total += len(one.encode("utf8") if isinstance(one, str) else one)
    return total


# A global heap collection (4 KiB at least) and the superblock with its alignment.
HEAP_AND_SUPERBLOCK = 4096 + 1024


def assert_structure_is_hdf5_metadata(structure: int, h5: h5py.File) -> None:
    """The remainder is HDF5's metadata plus at most the strings and one heap collection."""
    metadata = hdf5_metadata_bytes(h5)
    slack = structure - metadata
    assert 0 <= slack <= string_attribute_bytes(h5) + HEAP_AND_SUPERBLOCK, (structure, metadata)


def test_keras_parts_sum_exactly_to_the_file_size(files):
    anatomy = keras_anatomy(files["keras"])
    assert anatomy.total == os.path.getsize(files["keras"])
    assert anatomy.accounted == anatomy.total
    assert all(p.bytes >= 0 for p in anatomy.parts)


def test_keras_weights_are_four_bytes_per_parameter_and_slots_match_the_optimizer(files):
    anatomy = keras_anatomy(files["keras"])
    assert anatomy.bytes_of(PartKind.WEIGHTS) == 4 * files["params"]
    assert part(anatomy, "optimizer slots") == files["slot_bytes"]
    assert part(anatomy, "optimizer scalars") == 8 + 4  # int64 iteration, float32 rate


def test_keras_zip_records_match_pythons_zipfile(files):
    anatomy = keras_anatomy(files["keras"])
    with zipfile.ZipFile(files["keras"]) as archive:
        infos = archive.infolist()
        assert part(anatomy, "config.json") == len(archive.read("config.json"))
        assert part(anatomy, "metadata.json") == len(archive.read("metadata.json"))
    directory = sum(46 + len(i.filename) + len(i.extra) + len(i.comment) for i in infos)
    assert part(anatomy, "central directory") == directory
    assert part(anatomy, "end record") == 22
    entries = sum(i.compress_size for i in infos)  # zipfile's own count of what is not zip
    assert anatomy.bytes_of(PartKind.ZIP) == os.path.getsize(files["keras"]) - entries


def test_legacy_h5_parts_are_measured_and_hold_the_config_json(files):
    anatomy = h5_anatomy(files["h5"])
    assert anatomy.total == os.path.getsize(files["h5"])
    assert anatomy.bytes_of(PartKind.WEIGHTS) == 4 * files["params"]
    assert part(anatomy, "optimizer slots") == files["slot_bytes"]
    assert part(anatomy, "optimizer scalars") == 8 + 4
    with h5py.File(files["h5"], "r") as h5:
        config = h5.attrs["model_config"]
        assert json.loads(config)["class_name"] == "Sequential"
        assert part(anatomy, "model_config attribute") == len(config.encode("utf8"))
        # The structure is the remainder: it must be what HDF5 itself counts as metadata.
        assert_structure_is_hdf5_metadata(anatomy.bytes_of(PartKind.HDF5), h5)
    assert anatomy.bytes_of(PartKind.JSON) > len(config)


def test_hdf5_structure_inside_keras_is_hdf5_metadata(files):
    anatomy = keras_anatomy(files["keras"])
    with zipfile.ZipFile(files["keras"]) as archive:
        inner = archive.read("model.weights.h5")
    with h5py.File(io.BytesIO(inner), "r") as h5:
        assert_structure_is_hdf5_metadata(part(anatomy, "HDF5 structure"), h5)


def test_hdf5_structure_inside_keras_is_the_same_at_every_width(tmp_path):
    structures = {
        part(keras_anatomy(saved(ModelSpec(widths=(w, w // 2)), tmp_path)["keras"]), "structure")
        for w in (4, 32, 256)
    }
    assert len(structures) == 1  # what the size-law caption says


def test_an_unbuilt_optimizer_saves_no_slots_but_its_two_scalars(tmp_path):
    model = build_compiled(ModelSpec(widths=(6,)))
    path = str(tmp_path / "bare.keras")
    model.save(path)
    anatomy = keras_anatomy(path)
    assert part(anatomy, "optimizer slots") == 0
    assert anatomy.bytes_of(PartKind.OPTIMIZER) == 8 + 4  # made in the optimizer's __init__
    assert anatomy.accounted == anatomy.total


def test_a_compressed_zip_is_refused_with_a_reason(files, tmp_path):
    squeezed = tmp_path / "deflated.keras"
    with zipfile.ZipFile(files["keras"]) as source, zipfile.ZipFile(squeezed, "w") as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info), zipfile.ZIP_DEFLATED)
    with pytest.raises(ValueError, match="compressed"):
        keras_anatomy(str(squeezed))
