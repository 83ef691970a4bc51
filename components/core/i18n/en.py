"""The page in English: every label, heading, help text, notice and error, by key.

``ko.py`` has exactly these keys with the same ``{placeholders}`` (a test checks).
"""

CATALOG = {
    # The language picker: both names, so a reader of either finds it.
    "lang.label": "Language / 언어",
    # The controls (components/core/model_controls.py CONTROLS) and the sidebar.
    "section.data": "Data",
    "section.model": "Model",
    "section.training": "Training",
    "section.charts": "Charts",
    "control.data": "Dataset",
    "control.data.help": (
        "scikit-learn's toy datasets: iris (4 features, 3 classes), wine (13, 3), "
        "breast_cancer (30, 2), digits (64 pixels, 10 digits)."
    ),
    "control.layers": "Hidden layers",
    "control.width": "Width of hidden layer {number}",
    "control.bn": "BatchNorm after each hidden Dense",
    "control.dropout": "Dropout rate",
    "control.activation": "Activation of hidden layer {number}",
    "control.l2": "L2 weight decay",
    "control.l2.help": (
        "Adds l2 x (the sum of every Dense kernel weight squared) to the loss, so each step "
        "also pulls every kernel weight toward 0 by 2 x l2 x its value (biases are not "
        "decayed). 0: none."
    ),
    "control.opt": "Optimizer",
    "control.lr": "Learning rate",
    "control.epochs": "Epochs",
    "control.batch": "Batch size",
    "control.seed": "Seed",
    "control.seed.help": "Same seed, same split, same initial weights, same batches: same numbers.",
    "control.regions": "Decision regions over",
    "control.regions.help": (
        "Iris: petal is petal length x petal width, sepal is sepal length x sepal width; sl, "
        "sw, pl, pw: sepal/petal length/width. Other datasets: two column numbers (from 0), "
        "e.g. 0-1 for the first two features."
    ),
    "controls.hidden": "This link hides: {keys}.",
    "presets.heading": "Presets",
    "presets.reset": "Reset to the seed's model",
    "preset.seed-16-8": "Seed table 16/8",
    "preset.seed-32-16": "Seed table 32/16",
    "preset.seed-64-32": "Seed table 64/32",
    "preset.tiny-4-2": "Tiny 4/2",
    "preset.wide-512-256-128": "Wide 512/256/128",
    "share.heading": "Share",
    "share.open": "Link to this model",
    "share.caption": "The copy button on the right of the link copies it; it holds every setting.",
    # Notices about a hand-edited link (components/core/model_link.py, page_tabs.py, pins.py).
    "notice.heading": "Some values in this link could not be used as given:",
    "notice.repeated": "`{key}` appeared {times} times; used the last one.",
    "notice.not_one_of": "`{key}={value}` is not one of {options}; used {used}.",
    "notice.not_bool": "`{key}={value}` is not true/false; used {used}.",
    "notice.not_number": "`{key}={value}` is not a number; used {used}.",
    "notice.not_finite": "`{key}={value}` is not finite; used {used}.",
    "notice.outside": "`{key}={value}` is outside {low}..{high}; used {used}.",
    "notice.upload_in_link": (
        "`{key}={value}` names an uploaded CSV, which a link cannot carry; used {used}. "
        "Upload the file to train on it."
    ),
    "notice.not_whole": "`{key}={value}` is not whole; used {used}.",
    "notice.epoch_trained": "the trained model",
    "notice.rounded": "`{key}={value}` has more than {digits} decimals; used {used}.",
    "notice.tab_unknown": "`{key}={value}` is not one of {options}; opened {used}.",
    "pin.name": "Pin {number}",
    "notice.pin_repeats": "Pin {number} repeats an earlier pin; dropped it.",
    "notice.pins_max": "At most {max} pins; dropped pin {number} and after.",
    "notice.pin_too_long": "{name} is {length} characters long; dropped it.",
    "notice.pin_unreadable": "{name} `{piece}` is not a pin like `h1.64-opt.sgd`; dropped it.",
    "notice.pin_ignored": "{name}: ignored {skipped} (not `key.value` of a control).",
    "notice.pin_prefixed": "{name}: {notice}",
    # The top of the page.
    "intro.title": "Iris MLP Param Lab",
    "intro.body": (
        "Why does the seed post's Keras MLP on iris have **160, 528 and 51** parameters per "
        "Dense layer, and why does its saved file grow by about **13 bytes per parameter** on "
        "top of ~33 KB? Move a width: the model retrains live and real saved files are "
        "measured; every layer's arithmetic is in the tabs below. The URL holds every setting: "
        "share it."
    ),
    # The first screen.
    "metric.total_params": "Total params",
    "metric.total_params.help": "What model.count_params() says.",
    "metric.train_accuracy": "Train accuracy",
    "metric.test_accuracy": "Test accuracy",
    "metric.saved_keras": "Saved .keras",
    "metric.saved_keras.help": (
        "The trained model saved with model.save(): its file's length in bytes."
    ),
    "metric.training_time": "Training time",
    # The tabs (the link names them in English: ?tab=Regions).
    "tab.Parameters": "Parameters",
    "tab.Network": "Network",
    "tab.Training": "Training",
    "tab.Bytes": "Bytes",
    "tab.Files": "Files",
    "tab.Regions": "Regions",
    "tab.Errors": "Errors",
    "tab.Compute": "Compute",
    "tab.Compare": "Compare",
    "tab.Code": "Code",
    # Parameters tab.
    "params.heading": "Parameters, layer by layer",
    "params.intro": (
        "A Dense layer multiplies each input row by a weight matrix: {example}. "
        "BatchNormalization keeps 4 numbers per unit: gamma and beta are learned, the moving "
        "mean and variance are only tracked. Dropout zeroes random inputs while training and "
        "owns no parameters."
    ),
    "params.dense_example": (
        "`(1 x {fan_in}) . ({fan_in} x {units}) = (1 x {units})`, so the kernel holds "
        "`{fan_in} x {units}` numbers, and each of the {units} outputs adds its own bias: "
        "`+ {units}`"
    ),
    "params.general": (
        "**Dense**`(n_in → n_out)` = `n_in × n_out` (kernel) + `n_out` (bias); "
        "**BatchNormalization**`(n)` = `2n` (γ and β, learned) + `2n` (moving mean and "
        "variance, not trained)."
    ),
    "params.col.layer": "layer",
    "params.col.type": "type",
    "params.col.output_shape": "output shape",
    "params.col.formula": "formula",
    "params.col.trainable": "trainable",
    "params.col.non_trainable": "non-trainable",
    "params.col.params": "params",
    "params.trainable": "Trainable",
    "params.non_trainable": "Non-trainable",
    "params.with_optimizer": "With {optimizer} state",
    "params.with_optimizer.help": (
        "Once trained, the optimizer holds {formula} variables (slots per trainable parameter, "
        "plus its iteration counter and learning rate); model.summary() adds them to its total."
    ),
    "params.caption": (
        "Optimizer variables after training: {formula}: {slots}. "
        "Dense layers alone, as the seed post counted: {dense_only}."
    ),
    "params.slots_none": (
        "{optimizer} (no momentum) keeps no copy per trainable parameter, only its "
        "{scalars} scalars (iteration counter and learning rate)"
    ),
    "params.slots_one": (
        "{optimizer} keeps one float32 copy per trainable parameter, {bytes} bytes with the "
        "weight itself, plus {scalars} scalars"
    ),
    "params.slots_many": (
        "{optimizer} keeps {slots} float32 copies per trainable parameter, {bytes} bytes with "
        "the weight itself, plus {scalars} scalars"
    ),
    "params.check_pending": (
        "The check against Keras's own count appears once the model has trained."
    ),
    "params.activations": (
        "**Activations**, applied to each unit's value z after its Dense (no parameters: "
        "the same function for every unit): {layers}."
    ),
    "params.l2_off": (
        "**L2 weight decay** is off (`l2 = 0`): the loss is the cross-entropy alone."
    ),
    "params.l2_on": (
        "**L2 weight decay** `l2 = {l2}` on the {kernels} kernel weights of every Dense "
        "(not the biases, nor BatchNorm): loss = cross-entropy + `{l2} x Σ w²`, so every "
        "step's gradient of each kernel weight gains `{twice} x w`, pulling it toward 0. "
        "It adds no parameter: the counts are the same."
    ),
    "params.mismatch_setting": "{mine} (layer, activation, L2) vs Keras {theirs}",
    "params.check_mismatch": "Mismatch with Keras's count_params(): {mismatches}",
    "params.mismatch_layer": "{mine} vs Keras {theirs}",
    "params.mismatch_rows": "{ours} rows here, {theirs} Keras layers",
    "params.mismatch_optimizer": "optimizer: {ours} here vs Keras {theirs}",
    "params.check_ok": (
        "✓ Checked against the trained Keras model: every layer's count_params() matches, "
        "total {total}, and with {optimizer} state {with_optimizer} as model.summary() reports; "
        "every Dense has the activation and L2 factor shown here."
    ),
    # Training, on the first screen and in its tab.
    "training.waiting": "Waiting for a training worker ({predicted})...",
    "training.epoch": "Training: epoch {done} of {epochs} ({predicted} predicted)",
    "training.queued_one": "Queued: {ahead} job from other visitors ahead",
    "training.queued_many": "Queued: {ahead} jobs from other visitors ahead",
    "training.next": "Next in line, waiting for a free worker (a fresh one first loads TensorFlow)",
    "training.about_seconds": "about {seconds} s",
    "training.heading": "Live training",
    "training.split": (
        "Every change trains the model again with TensorFlow/Keras on the CPU: {n_train} rows "
        "of {title} to learn from and a held-out {n_test} to test on (80/20), split with every "
        "class in both halves. (The seed post's `validation_split=0.2` takes the *last* 20% of "
        'rows, and iris is sorted by class, so its "validation" set holds only virginica.) '
        "{scaling}"
    ),
    "training.pending": "The run's numbers appear here once the model has trained.",
    "training.summary": (
        "Trained **{epochs} epochs** of batch size {batch} with {optimizer} (learning rate "
        "{lr:g}) in **{seconds:.2f} s**, predicted {predicted}. Final loss: {loss:.4f} on the "
        "training split, {test_loss:.4f} on the test split."
    ),
    "training.refused_0": (
        "This training is predicted to take {predicted}, over the {limit:g} s time limit, "
        "so it was not started."
    ),
    "training.refused_1": (
        "This training is predicted to take {predicted}, over the {limit:g} s time limit, "
        "so it was not started. To bring it under the limit, try {a}."
    ),
    "training.refused_2": (
        "This training is predicted to take {predicted}, over the {limit:g} s time limit, "
        "so it was not started. To bring it under the limit, try {a} or {b}."
    ),
    "training.refused_3": (
        "This training is predicted to take {predicted}, over the {limit:g} s time limit, "
        "so it was not started. To bring it under the limit, try {a}, {b} or {c}."
    ),
    "training.refused_4": (
        "This training is predicted to take {predicted}, over the {limit:g} s time limit, "
        "so it was not started. To bring it under the limit, try {a}, {b}, {c} or {d}."
    ),
    "cost.fix_batch": "batch size {batch} or more",
    "cost.fix_epochs": "at most {epochs} epochs",
    "cost.fix_widths": "widths of at most {width}",
    "cost.fix_layer": "at most {layers} hidden layer",
    "cost.fix_layers": "at most {layers} hidden layers",
    # Datasets.
    "data.title.iris": "Iris",
    "data.title.wine": "Wine",
    "data.title.breast_cancer": "Breast cancer (Wisconsin)",
    "data.title.digits": "Digits (8 x 8 pixels)",
    "data.scaling_raw": "{title}'s features are used raw, as in the seed post.",
    "data.scaling_standardized": (
        "Features are standardized (minus their mean, over their standard deviation) with "
        "the training split's statistics only, so the held-out rows stay unseen."
    ),
    "data.upload_label": "{title} (your CSV)",
    "data.sentence": (
        "{title}: {rows:,} rows, {features} features in, {classes} classes out. {scaling}"
    ),
    # Charts.
    "chart.loss": "Loss",
    "chart.accuracy": "Accuracy",
    "chart.epoch": "epoch",
    "chart.train": "train",
    "chart.test": "test",
    "chart.params_axis_seed": "parameters (count_params; the seed post's, Dense layers only)",
    "chart.params_axis": "parameters",
    "chart.file_size": "file size (bytes)",
    "chart.measured": "{series} (measured)",
    "chart.fit": "fit: {intercept:,.0f} + {slope:.2f} x params",
    "chart.seed_files": "seed post's iris files (Dense params)",
    "chart.seed_law": "seed post's iris law: {overhead:,} + {per_param} x Dense params",
    "chart.your_model": "your trained model",
    "chart.your_model_gzip": "your trained model, gzipped",
    # Plotly's own %{...} fields, braces doubled for str.format.
    "chart.hover_measured": (
        "widths %{{customdata[0]}}<br>%{{x:,}} params<br>%{{y:,}} bytes<extra></extra>"
    ),
    "chart.hover_seed": (
        "seed post, widths %{{customdata[0]}}<br>%{{x:,}} Dense params"
        "<br>%{{y:,}} bytes<extra></extra>"
    ),
    "chart.hover_yours": "your model<br>%{{x:,}} params<br>%{{y:,}} bytes<extra></extra>",
    "chart.bytes": "bytes",
    "chart.yours": "{label} (yours)",
    "chart.the_weight": "the weight (float32)",
    "chart.optimizer_slots": "optimizer slots",
    "chart.bytes_per_trainable": "bytes per trainable parameter",
    "chart.test_accuracy": "test accuracy",
    "chart.test_loss": "test loss",
    "chart.region_rows": "{name} ({part})",
    "chart.hover_region": "%{{x:.2f}}, %{{y:.2f}}: predicted %{{text}}<extra></extra>",
    "series.keras_with_optimizer": ".keras with optimizer state",
    "series.h5_with_optimizer": "legacy .h5 with optimizer state",
    "series.weights_h5": ".weights.h5 (optimizer state included)",
    "series.keras_without_optimizer": ".keras, optimizer not built",
    "series.tflite_float32": "TFLite float32",
    "series.tflite_float16": "TFLite float16",
    "series.tflite_int8": "TFLite dynamic-range int8",
    "series.keras_gzip": ".keras gzipped, level 6",
    # The bytes people ship: the Bytes tab's toggle and its sentences.
    "ship.measure": "Measure what people ship: TFLite and gzip at every width (~20-50 s)",
    "ship.measure.help": (
        "On: a worker converts your model at every width of the chart to TFLite three ways "
        "(float32, float16, dynamic-range int8: what goes to a phone) and gzips its .keras file "
        "(what a web server sends), measures each file and fits its line. Each TFLite "
        "conversion takes a fraction of a second, so this runs only when asked, once per shape."
    ),
    "ship.off": "Off: TFLite and gzipped files are not measured.",
    "ship.waiting": "Converting to TFLite and gzipping at every width...",
    "ship.steps": "TFLite and gzip, widths done",
    "ship.yours_gzip": (
        "**Your trained model's** `.keras` gzipped (level {level}): **{bytes:,} bytes**, "
        "{share:.0%} of its {keras:,}; the gzip fit predicts {predicted:,.0f} ({diff:+,.0f} "
        "bytes, {miss:+.2%})."
    ),
    "ship.why_heading": "**Why the shipped files' bytes per parameter are what they are.**",
    "ship.why_float32": (
        "**TFLite float32** ({slope:.2f} bytes per parameter, {dense_slope:.2f} per Dense "
        "parameter): each weight is a 4-byte float32, but only the Dense layers' weights are "
        "stored: the converter folds BatchNorm into them and Dropout has none (at widths {widths}: "
        "{dense:,} numbers of {params:,} parameters)."
    ),
    "ship.why_float16": (
        "**TFLite float16** ({slope:.2f} bytes per parameter, {dense_slope:.2f} per Dense "
        "parameter): each weight is stored in 2 bytes and one Dequantize op per weight tensor "
        "turns it back into float32 when the model runs; those ops and their tensors are "
        "overhead, so at widths {widths} the float16 file ({small16:,} bytes) is {than} the "
        "float32 one ({small32:,})."
    ),
    "ship.bigger": "bigger than",
    "ship.smaller": "smaller than",
    "ship.why_int8": (
        "**TFLite dynamic-range int8** ({slope:.2f} bytes per parameter, {dense_slope:.2f} per "
        "Dense parameter): a quantized kernel holds 1 byte per weight plus one float32 scale "
        "per output unit, biases and activations stay float32, and TFLite leaves every tensor "
        "under {min_elements:,} numbers in float32, so small layers stay 4 bytes a number. "
        "Your model's kernels in float32: {float_kernels}; in int8: {int8_kernels}. Measured: "
        "the int8 file is {small_share:.0%} of the float32 one at widths {small} and "
        "{large_share:.0%} at {large}."
    ),
    "ship.no_kernel": "none",
    "ship.why_gzip": (
        "**.keras gzipped** at level {level} (zlib's and the gzip command's default, what "
        "Apache sends; nginx defaults to 1): {slope:.2f} bytes per parameter against "
        "{keras_slope:.2f} for the file itself, {intercept:,.0f} bytes of overhead against "
        "{keras_intercept:,.0f}. A .keras file is a zip that stores its JSON and HDF5 members "
        "uncompressed, so gzip shrinks the config and the HDF5 structure most; trained float32 "
        "weights and optimizer slots have random-looking low bits and barely compress. These "
        "files hold trained-like numbers: an untrained file's zero biases and zero optimizer "
        "slots would compress away and flatter it."
    ),
    # Bytes: the first screen's chart and its tab.
    "bytes.waiting": "Saving and measuring model files...",
    "bytes.steps": "Saving model files, widths saved",
    "bytes.step": "{steps}: {done} of {total}",
    "bytes.log_axes": "Log axes",
    "bytes.chart_caption": "Real `.keras` files of your model at 20 widths. Every file: *Bytes*.",
    "bytes.heading": "Parameters vs bytes on disk",
    "bytes.pending": "The files are measured for the chart above; this tab explains them.",
    "bytes.intro": (
        "Each dot is a real file saved by Keras on this server (`.keras`, legacy `.h5`, "
        "`.weights.h5`) for a model of your depth, BatchNorm, dropout and optimizer "
        "({optimizer}), at {count} widths from {first} to {last} (each hidden layer half the "
        "one before, as in the seed post). A line fits each kind of file: its intercept is the "
        "fixed overhead every file carries, its slope the bytes each parameter adds. Click a "
        "legend entry to hide or show a series."
    ),
    "bytes.fit_header": "| file | files measured | fixed overhead | bytes per parameter | R² |",
    "bytes.fit_row": "| {label} | {count} | {intercept:,.0f} bytes | {slope:.3f} | {r2:.6f} |",
    "bytes.yours": (
        "**Your trained model** ({total:,} parameters) saved to **{bytes:,} bytes** as "
        "`.keras`; the fit predicts {predicted:,.0f} ({diff:+,.0f} bytes, {share:+.2%})."
    ),
    "bytes.why": (
        "**Why these numbers.** Each weight is a float32: 4 bytes, which is why files of an "
        "untrained model grow by about {bare_slope:.1f} bytes per parameter. Training builds "
        "the optimizer, and {slots}, so a trained file grows by about {full_slope:.1f}. The "
        "roughly {kb:.0f} KB every file carries is structure, not weights: a zip holding the "
        "model's config JSON, metadata and an HDF5 file of named datasets. The seed post "
        "measured with an older Keras that wrote one HDF5 file: its law {seed_overhead:,} + "
        "{seed_per_param} x params counts Dense parameters only and a trained Adam model "
        "({adam_bytes} bytes per trainable weight): its slope of {seed_per_param} against "
        "today's {full_slope:.1f} for a trained {optimizer} model, its overhead against "
        "{full_intercept:,.0f}."
    ),
    # The size law, in the Bytes tab.
    "law.heading": "#### A size law you can use",
    "law.width": "A first hidden width to predict (each next layer half the one before)",
    "law.why_two": (
        "Why two counts: BatchNorm's moving mean and variance are parameters the optimizer "
        "never trains, so they cost 4 bytes each while a trained weight costs 4 plus its "
        "optimizer's slots; one straight line over all parameters blurs the two. HDF5 files "
        "written to disk (legacy .h5, .weights.h5) also grow in steps: HDF5 allocates space "
        "for small datasets in 2 KiB blocks, so small models miss by more. Inside a .keras zip "
        "the HDF5 file is written in memory, and its structure measures the same number of "
        "bytes at every width."
    ),
    "law.terms": "{overhead:,.0f} + {per_trainable:.2f} x {trainable:,} trainable",
    "law.terms_frozen": " + {per_frozen:.2f} x {frozen:,} non-trainable",
    "law.seen": " This very model was measured: {bytes} bytes.",
    "law.prediction": (
        "A model with widths {widths} has **{params:,} parameters** ({trainable:,} trainable). "
        "Trained with {optimizer}, it will save to about **{predicted:,.0f} bytes** as "
        "`.keras`: {terms}.{reach} Over the {files} files it was fitted to, this law misses by "
        "at most **{law_error:.3f}%** (the straight line in the chart: {line_error:.2f}%)"
        "{held_out}.{seen}"
    ),
    "law.within": " Width {first} lies within the measured widths ({low} to {high}).",
    "law.outside": (
        " Width {first} lies outside the measured widths ({low} to {high}): this is an "
        "extrapolation."
    ),
    "law.held_out": (
        "; on a width left out of the fit and predicted from the other {others}, by at most "
        "**{error:.3f}%**"
    ),
    "law.tied": (
        "Why trainable and non-trainable cost the same {cost:.3f} bytes here: in every model "
        "of this sweep trainable = {ratio:g} x non-trainable + {offset:g} (widths {w0}: {t0:,} "
        "and {n0:,}; {w1}: {t1:,} and {n1:,}), so the two counts grow in lockstep and the files "
        "cannot tell their costs apart: the fit gives both one cost per parameter. A weight "
        "trained with {optimizer} costs {weight} bytes (4, plus 4 for each of its {slots} "
        "optimizer slots) and a moving statistic 4: {ratio:g} of the one per one of the other "
        "average ({ratio:g} x {weight} + 4) / {ratio_plus_one:g} = {blend:.3f} bytes."
    ),
    "law.col.file": "file",
    "law.col.two_count": "two-count law (t trainable, n not)",
    "law.col.worst": "worst miss",
    "law.col.worst_left_out": "worst miss, width left out",
    "law.col.line": "line (p params)",
    "law.col.line_worst": "line's worst miss",
    "law.col.bytes_for": "bytes for {name}",
    "law.not_available": "n/a",
    # Files tab: where the bytes go.
    "files.heading": "Where the bytes go",
    "files.measure": "Measure this model in every format (~2 s per change)",
    "files.measure.help": (
        "On: after each change your model is saved in 7 formats (.keras, legacy .h5 with and "
        "without optimizer, .weights.h5, SavedModel, TFLite) and its .keras file gzipped, its "
        ".keras and .h5 files split into their parts, and its bytes compared across optimizers "
        "and number formats."
    ),
    "files.off": "Off: nothing is measured here. {help}",
    "files.intro": (
        "Your model saved every way Keras and TensorFlow offer, each measured to the byte on "
        "this server. A copy is built with its optimizer built, as training leaves it: file "
        "sizes depend on shapes, names and the optimizer, not on the values of weights."
    ),
    "files.waiting": "Saving your model in every format...",
    "files.steps": "Saving your model in every format",
    "files.formats_heading": "#### One model, {count} files",
    "files.col.format": "format",
    "files.col.saved_with": "saved with",
    "files.col.bytes": "bytes",
    "files.col.kib": "KiB",
    "files.col.vs_keras": "vs .keras",
    "files.saved_model": (
        "SavedModel = {listing} bytes; {note}. TFLite keeps only what inference needs: "
        "BatchNorm folded into the Dense kernels, Dropout gone."
    ),
    "files.checkpoint": (
        "its variables file holds {numbers:,} numbers for {params:,} parameters (under "
        "{keys}) and a {graph:,}-byte object graph"
    ),
    "files.same_count": "the same count",
    "files.different_count": "a different count",
    "files.compared": ", {same} as the untrained copy above ({untrained} bytes)",
    "files.trained": (
        "Your **trained** model's `.keras` file, saved in the training worker: "
        "**{bytes} bytes** ({kib:.1f} KiB){compared}."
    ),
    "files.download": "Download the trained model (.keras, {bytes} bytes)",
    "files.inside_heading": "#### Inside the file",
    "files.inside": (
        "A `.keras` file is a zip holding `config.json` (the architecture), `metadata.json` and "
        "`model.weights.h5`, an HDF5 file of one dataset per variable. A legacy `.h5` is one "
        "HDF5 file with the config as an attribute. Every part below is measured from the file "
        "(zip records, HDF5 dataset storage, attribute lengths) except *HDF5 structure*, which "
        "is the rest of the HDF5 file: object headers, B-trees, names and alignment."
    ),
    # The formats the current model is saved in (file_report.FileFormat ids).
    "file.format.keras_bare": ".keras, optimizer not built",
    "file.format.keras": ".keras",
    "file.format.h5": "legacy .h5",
    "file.format.h5_no_optimizer": "legacy .h5, include_optimizer=False",
    "file.format.weights_h5": ".weights.h5",
    "file.format.saved_model": "SavedModel directory",
    "file.format.tflite": "TFLite flatbuffer",
    "file.format.keras_gzip": ".keras gzipped (level 6, numbers as trained)",
    "file.kind.zip": "zip container",
    "file.kind.json": "JSON",
    "file.kind.weights": "weights",
    "file.kind.optimizer": "optimizer",
    "file.kind.hdf5": "HDF5",
    "anatomy.name.weights": "{prefix}weights",
    "anatomy.name.slots": "{prefix}optimizer slots",
    "anatomy.name.scalars": "{prefix}optimizer scalars",
    "anatomy.name.attribute": "{prefix}{name} attribute",
    "anatomy.name.structure": "{prefix}HDF5 structure",
    "anatomy.name.local_headers": "zip: local file headers",
    "anatomy.name.directory": "zip: central directory",
    "anatomy.name.end": "zip: end record",
    "anatomy.name.descriptors": "zip: data descriptors",
    "anatomy.what.weights": "float32 kernels, biases, BatchNorm",
    "anatomy.what.slots": "per-parameter state",
    "anatomy.what.scalars": "iteration counter (int64), learning rate, ...",
    "anatomy.what.model_config": "the architecture as JSON",
    "anatomy.what.training_config": "loss, metrics, optimizer config as JSON",
    "anatomy.what.structure": "object headers, B-trees, names, small attributes, alignment",
    "anatomy.what.config": "the architecture and compile settings",
    "anatomy.what.metadata": "Keras version and save date",
    "anatomy.what.other_entry": "another entry of the zip",
    "anatomy.what.entries": "{n} entries",
    "anatomy.what.directory": "one record per entry",
    "anatomy.what.end": "end of central directory",
    "anatomy.what.descriptors": "sizes after data",
    "files.col.part": "part",
    "files.col.kind": "kind",
    "files.col.share": "share",
    "files.col.what": "what",
    "files.parts_sum": (
        "Sum of the parts: {accounted} bytes {check} the file's size, {total} bytes. "
        "Weights: {weights} bytes {per_param} 4 bytes x {params:,} parameters."
    ),
    "files.optimizer_heading": "#### The optimizer's share",
    "files.optimizer_intro": (
        "Training builds the optimizer, and the file keeps its state so training can resume: "
        "plain SGD keeps nothing per weight, momentum, RMSprop and Adagrad one float32 each, "
        "Adam two. Below, your model's `.keras` file with each optimizer built, measured."
    ),
    "files.col.optimizer": "optimizer",
    "files.col.built_as": "built as",
    "files.col.keras_bytes": ".keras bytes",
    "files.col.slot_bytes": "slot bytes",
    "files.col.slots_per_trainable": "slots per trainable",
    "files.col.bytes_per_trainable": "bytes per trainable param",
    "files.col.bytes_per_param": "bytes per param (all)",
    "files.your_trained": "; your trained file: {bytes} bytes",
    "files.optimizer_caption": (
        "Your optimizer, {optimizer}: {bytes} bytes measured here{trained}. 'All' divides by "
        "all {params} parameters, BatchNorm's moving statistics included: they are not "
        "trained, so no optimizer keeps slots for them. Adafactor keeps row and column sums of "
        "each kernel's squared gradients instead of one number per weight."
    ),
    "files.dtypes_heading": "#### Smaller numbers",
    "files.col.numbers_as": "numbers as",
    "files.col.file_bytes": "file bytes",
    "files.col.numbers": "numbers stored",
    "files.col.data_bytes": "data bytes",
    "files.col.bytes_per_number": "bytes per number",
    "files.col.tensors": "weight tensors",
    "files.col.how": "how",
    "files.dtypes_caption": (
        "The .weights.h5 rows hold the weights alone (no optimizer). TFLite stores only the "
        "Dense layers' numbers once BatchNorm is folded in. Its dynamic-range int8 "
        "quantization (`Optimize.DEFAULT`) leaves any tensor under 1,024 numbers in float32, "
        "so a small model's file does not shrink at all."
    ),
    # Regions tab.
    "regions.heading": "Where it draws the lines",
    "regions.held_at": "{feature} at {value:.2f}",
    "regions.and": " and ",
    "regions.held_none": "no other feature held fixed",
    "regions.held_listed": "{held} (their training-split means)",
    "regions.held_counted": "the other {count} features at their training-split means{where}",
    "regions.held_scaled": ", 0 once standardized",
    "regions.intro": (
        "The class the trained model predicts over a {nx} x {ny} grid of **{x_name}** and "
        "**{y_name}**, with {held}. Dots are training rows, open diamonds test rows, each in "
        "its true class's colour. Pick the pair in the sidebar (*{section}*); this one is "
        "`regions={pair}`."
    ),
    # Network tab: the network drawn with its weights, played back through training.
    "network.heading": "The network, drawn",
    "network.intro": (
        "Every layer is a column of neurons and every Dense weight an edge: blue positive, red "
        "negative, bolder the larger it is next to its layer's largest weight. Each neuron's "
        "colour is its bias. Layers wider than {shown} show their first {shown} neurons. "
        "Hover an edge to read its weight."
    ),
    "network.pending": "Once the model has trained, its weights are drawn here.",
    "network.no_snapshots": (
        "This result kept no weights along the way. Train it again to play its training back."
    ),
    "network.epoch": "Weights after epoch",
    "network.epoch.help": (
        "The training kept its weights at {count} epochs: epoch 0 is the initial weights "
        "(the seed's), the last the trained model's own."
    ),
    "network.at_epoch": "After epoch {epoch} of {epochs}.",
    "network.at_start": "Epoch 0: the initial weights, before any training.",
    "network.regions": "Where it draws the lines after epoch {epoch}",
    "network.positive": "positive weight",
    "network.negative": "negative weight",
    "network.weights": "weights",
    "network.inputs": "inputs",
    "network.units": "neurons",
    "network.inputs_header": "inputs ({count})",
    "network.bias": "bias",
    "network.more": "+ {count} more",
    "network.batchnorm": "BatchNorm · {params:,} params",
    "network.dropout": "Dropout {rate:g} · {params} params",
    "network.hover_edge": (
        "layer %{{customdata[0]}}, input %{{customdata[1]}} -> unit %{{customdata[2]}}: "
        "%{{customdata[3]:.3f}}<extra></extra>"
    ),
    "network.hover_unit": (
        "layer %{{customdata[0]}}, unit %{{customdata[1]}}: bias %{{customdata[2]:.3f}}"
        "<extra></extra>"
    ),
    "network.hover_input": "input %{{customdata[0]}}: %{{customdata[1]}}<extra></extra>",
    # Every parameter a cell (under the Parameters tab's formulas).
    "weights.heading": "Every parameter a cell",
    "weights.show": "Show every parameter as a cell",
    "weights.show.help": (
        "Each Dense kernel as an inputs x units heatmap with its bias row, each BatchNorm as "
        "four rows, at any epoch the training kept. Off by default: it adds a chart per layer."
    ),
    "weights.intro": (
        "Each Dense layer's kernel as an inputs x units grid, its bias as the row under it; "
        "each BatchNorm's four rows. Blue positive, red negative. One cell per number "
        "the formulas above count."
    ),
    "weights.dense_cells": "`{name}`: {fan_in} x {units} kernel + {units} bias = {cells:,} cells",
    "weights.batchnorm_cells": (
        "`{name}`: 4 x {units} (gamma, beta, moving mean, moving variance) = {cells:,} cells"
    ),
    "weights.kernel": "input",
    "weights.units": "unit",
    "weights.bias": "bias",
    "weights.hover_kernel": "input %{{y}} -> unit %{{x}}: %{{z:.4f}}<extra></extra>",
    "weights.hover_bias": "unit %{{x}}, bias: %{{z:.4f}}<extra></extra>",
    "weights.hover_batchnorm": "%{{y}}, unit %{{x}}: %{{z:.4f}}<extra></extra>",
    "weights.layer": "Layer",
    "weights.one_at_a_time": (
        "{cells:,} cells in all: a model this large shows one layer at a time."
    ),
    "weights.dropout": "`{name}`: Dropout keeps no parameters.",
    # Errors tab.
    "errors.heading": "Where it errs",
    "errors.intro": (
        "The trained model on the {rows} held-out test rows: each row of the matrix is a true "
        "class, each column the class the model predicted, so the diagonal is what it gets "
        "right and every other cell a mistake. *Precision*: of the rows predicted a class, the "
        "share truly it; *recall*: of a class's rows, the share found."
    ),
    "errors.col.true": "true class",
    "errors.col.predicted": "predicted {name}",
    "errors.col.class": "class",
    "errors.col.test_rows": "test rows",
    "errors.col.predicted_as": "predicted as it",
    "errors.col.precision": "precision",
    "errors.col.recall": "recall",
    # Compute tab.
    "compute.heading": "Compute, layer by layer",
    "compute.intro": (
        "A Dense layer does `n_in x n_out` multiply-adds (MACs) per sample, 2 FLOPs each. "
        "Elementwise ops are counted per unit and sample: a bias add 1, then the activation: "
        "linear 0, relu 1 (a max), sigmoid 4 (`1 / (1 + exp(-x))`: negate, exp, add, divide), "
        "tanh 5 (`1 - 2 / (exp(2x) + 1)`), gelu 5 (`0.5 x (1 + erf(x / sqrt 2))`), softmax 5 "
        "(each exp, erf or divide one op); "
        "BatchNorm 4 (batch mean and variance, then `x * scale + shift`), Dropout 1 (its "
        "mask); forward FLOPs = `2 x MACs + elementwise`. Training costs forward + backward ~ "
        "3 x forward on each of the {n_train} training rows per epoch. Activation memory: each "
        "layer's float32 output for a batch of {batch}, kept for backprop."
    ),
    "compute.col.layer": "layer",
    "compute.col.type": "type",
    "compute.col.macs": "MACs / sample",
    "compute.col.elementwise": "elementwise ops / sample",
    "compute.col.forward": "forward FLOPs / sample",
    "compute.col.training": "training FLOPs / epoch",
    "compute.col.activation": "activation bytes / batch",
    "compute.total": "total",
    "compute.forward": "Forward FLOPs / sample",
    "compute.training": "Training FLOPs / epoch",
    "compute.activation": "Activation memory / batch",
    "compute.pending": "No measured training time yet: the time split shows once a training ends.",
    "compute.time_split": (
        "This training did **{flops}** ({epochs} epochs of training on {n_train} rows and a "
        "forward pass over the {n_test} test rows) in **{seconds:.2f} s**: an achieved "
        "**{achieved}**. At the {calibrated} this host's trainings sustain per extra FLOP "
        "(fitted on real trainings by `bench.calibrate_cost`), the math alone takes about "
        "{math_seconds}, **{math_fraction:.1%}** of the time. The other {overhead:.1%} is the "
        "overhead of running {steps:,} steps of many small ops on tiny matrices: launching each "
        "op, the optimizer's update of every weight, building the model, metrics."
    ),
    # Compare tab.
    "compare.heading": "Compare runs",
    "compare.already": "This run is already pinned.",
    "compare.full": "At most {max} pins: unpin one first.",
    "compare.training_pin": "Training pin {number} (or fetching it from the cache)...",
    "compare.pin_error": "Pin {number}: {error}",
    "compare.pin_button": "Pin this run ({count} of {max} pinned)",
    "compare.empty": "Pinned runs show here side by side, and the share link carries them.",
    "compare.this_run": "This run",
    "compare.unpin": "Unpin {number}",
    "compare.clear": "Clear pins",
    "compare.col.run": "run",
    "compare.col.widths": "widths",
    "compare.col.parameters": "parameters",
    "compare.col.test_accuracy": "test accuracy",
    "compare.col.seconds": "training time (s)",
    "compare.col.keras_bytes": ".keras bytes",
    "compare.col.data": "data",
    "compare.col.batchnorm": "BatchNorm",
    "compare.col.dropout": "dropout",
    "compare.col.optimizer": "optimizer",
    "compare.col.learning_rate": "learning rate",
    "compare.col.epochs": "epochs",
    "compare.col.batch": "batch",
    "compare.col.seed": "seed",
    "compare.on": "on",
    "compare.off": "off",
    # Code tab.
    "export.heading": "Take it home",
    "export.note": (
        "This script rebuilds your model with plain Keras: the same layers, names, activations, "
        "BatchNorm and dropout, optimizer (name and learning rate), loss, metrics, stratified "
        "split and seed, then trains it with plain `model.fit`. So its `model.count_params()` "
        "and the byte size of its `{saved}` are the ones on this page. The page's own trainer "
        "runs the same steps as Keras, proven equal to Keras's `train_on_batch` from the same "
        "weights on the same batches; but `fit` shuffles the rows and draws dropout's masks in "
        "its own random order, so the script's accuracy and curves match this page's only up "
        "to that chance (for the seed's model over 10 seeds, both average 0.963 test accuracy)."
    ),
    "export.download": "Download {name}",
    # A user's CSV (components/core/csv_table.py, components/ui/csv_upload.py).
    "upload.label": "Your own CSV",
    "upload.help": (
        "A header row, then one row per example: numeric feature columns and a label column "
        "(any text). At most {mb} MB, {rows:,} rows, {features} feature columns and "
        "{min}-{max} classes. Comma, semicolon or tab separated. It stays on this server for "
        "this session; links do not carry it."
    ),
    "upload.label_column": "Label column",
    "upload.label_column.help": (
        "The column with each row's class; every other column is a feature."
    ),
    "upload.link_note": (
        "A link cannot carry your uploaded file: this one opens the same settings on iris."
    ),
    "csv.too_big": "The file is {size} MB; the limit is {limit} MB.",
    "csv.line_width": (
        "Line {line} has {values} but the header has {columns} columns; every row needs one "
        "value per column."
    ),
    "csv.too_many_rows": "The file has more than {max:,} data rows; the limit is {max:,}.",
    "csv.invalid_near": "The file is not valid CSV near line {line}; check for an unclosed quote.",
    "csv.empty": "The file is empty; upload a CSV with a header row and data rows.",
    "csv.no_rows": "The file has a header row but no data rows.",
    "csv.looks_like": "This looks like {kind}, not a CSV; save or export it as CSV first.",
    "csv.kind.zip": "a zip archive or an Excel .xlsx workbook",
    "csv.kind.xls": "an old Excel .xls or Office file",
    "csv.kind.png": "a PNG image",
    "csv.kind.jpeg": "a JPEG image",
    "csv.kind.gif": "a GIF image",
    "csv.kind.pdf": "a PDF document",
    "csv.utf16": "The file is UTF-16 text; save it as CSV (UTF-8) and upload that.",
    "csv.binary": (
        "The file is not a text CSV (it holds binary data); upload a comma-, semicolon- or "
        "tab-separated text file."
    ),
    "csv.numbers_header": (
        "The first row holds numbers, not column names; add a header row such as "
        "`sepal_length,sepal_width,species`."
    ),
    "csv.name_twice": "The column name {name} appears twice; each column needs its own name.",
    "csv.one_column": (
        "The file has one column ({name}); it needs feature columns and a label column, "
        "separated by commas, semicolons or tabs."
    ),
    "csv.too_many_features": "The file has {n} feature columns; the limit is {max}.",
    "csv.no_column": "There is no column {name}; the columns are {shown}{more}.",
    "csv.more": " and {n} more",
    "csv.missing": (
        "Column {name} has a missing value on line {line}; fill it in or remove the row."
    ),
    "csv.non_numeric": (
        "Column {name} has the non-numeric value {cell} on line {line}; feature columns must "
        "hold numbers (only the label column may hold text)."
    ),
    "csv.too_large": "Column {name} has a number too large for float32 (over 3.4e38).",
    "csv.label_empty": "The label column {name} is empty on line {line}; every row needs a label.",
    "csv.one_class": (
        "The label column {name} has only one class ({value}); a classifier needs {min} to "
        "{max} classes."
    ),
    "csv.too_many_classes": (
        "The label column {name} has {n:,} different values; a classifier needs {min} to "
        "{max} classes (is it the right label column?)."
    ),
    "csv.scarce_one": (
        "Class {shown} has only one row; every class needs at least {min} rows so both the "
        "training and the test split can hold it."
    ),
    "csv.scarce_many": (
        "Classes {shown} have only one row; every class needs at least {min} rows so both the "
        "training and the test split can hold it."
    ),
    "csv.too_few_rows": (
        "The file has {rows} rows; with {classes} classes it needs at least {needed}, so the "
        "{fraction:.0%} test split can hold every class."
    ),
    "csv.summary": "{rows}, {features}, {classes} (label column {label})",
    "csv.n.value.one": "{n} value",
    "csv.n.value.many": "{n} values",
    "csv.n.row.one": "{n} row",
    "csv.n.row.many": "{n} rows",
    "csv.n.feature.one": "{n} numeric feature",
    "csv.n.feature.many": "{n} numeric features",
    "csv.n.class.one": "{n} class",
    "csv.n.class.many": "{n} classes",
    # Errors from the engine.
    "engine.busy": (
        "The server is busy with {jobs} jobs from other visitors. Please try again in a moment."
    ),
    "engine.superseded": "This request was superseded by a newer one.",
    "engine.queue_timeout": (
        "No worker was free for {seconds:g} s{why}. The server is busy: please try again in a "
        "moment."
    ),
    "engine.noun.training": "training",
    "engine.noun.measurement": "measurement",
    "engine.job_superseded": "This {noun} was superseded by a newer one.",
    "engine.measure_timeout": "Measuring file sizes took too long and was stopped.",
    "engine.what.training": "training worker",
    "engine.what.measuring": "worker measuring file sizes",
    "engine.lost": (
        "The {what} stopped unexpectedly (it may have run out of memory). A fresh one is "
        "starting: change a control or reload to try again."
    ),
    "engine.cancelled": "This {noun} was cancelled.",
    "engine.diverged": (
        "Training diverged at epoch {epoch}: the loss became NaN or infinite, so the weights "
        "are no longer numbers. It stopped there and kept nothing. The learning rate takes "
        "steps too large for this model: try a smaller one."
    ),
    "engine.failed": "This {noun} failed in the worker: {detail}",
    "engine.train_timeout": (
        "Training ran past its {limit:g} s time limit and was stopped. Try fewer epochs, a "
        "larger batch or narrower layers."
    ),
    "engine.worker_failed": " (a worker could not start: {reason})",
    "engine.unreachable": (
        "The training cluster cannot be reached (its Dask scheduler at {address}). The server "
        "keeps trying: please try again in a moment."
    ),
}
