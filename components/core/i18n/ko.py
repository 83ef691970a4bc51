"""The page in Korean: the same keys and ``{placeholders}`` as ``en.py`` (a test checks).

Technical terms follow the seed post's own Korean (/work/shared/seeds): 파라미터, 파라미터 개수,
노드 수, 행렬곱셈, 상수 (the bias added to each node), 파일 사이즈, 정확도, 학습, feature,
label. Keras class and method names, file formats and code stay as they are written.
"""

CATALOG = {
    "lang.label": "Language / 언어",
    "section.data": "데이터",
    "section.model": "모델",
    "section.training": "학습",
    "section.charts": "차트",
    "control.data": "데이터셋",
    "control.data.help": (
        "scikit-learn의 토이 데이터셋: iris (feature 4개, 클래스 3개), wine (13, 3), "
        "breast_cancer (30, 2), digits (픽셀 64개, 숫자 10개)."
    ),
    "control.layers": "은닉 레이어 수",
    "control.width": "은닉 레이어 {number}의 노드 수",
    "control.bn": "은닉 Dense마다 뒤에 BatchNorm",
    "control.dropout": "드롭아웃 비율",
    "control.activation": "은닉 레이어 {number}의 활성화 함수",
    "control.l2": "L2 가중치 감쇠",
    "control.l2.help": (
        "손실에 l2 x (모든 Dense 커널 가중치의 제곱의 합)을 더합니다. 그래서 매 단계마다 "
        "커널 가중치 하나하나가 2 x l2 x 그 값만큼 0 쪽으로 당겨집니다 (상수(bias)는 감쇠하지 "
        "않습니다). 0: 없음."
    ),
    "control.opt": "옵티마이저",
    "control.lr": "학습률",
    "control.epochs": "에포크",
    "control.batch": "배치 크기",
    "control.seed": "시드",
    "control.seed.help": "같은 시드면 같은 분할, 같은 초기 가중치, 같은 배치: 같은 숫자.",
    "control.regions": "결정 영역의 두 feature",
    "control.regions.help": (
        "Iris: petal은 `petal length x petal width`, sepal은 `sepal length x sepal width`; "
        "sl, sw, pl, pw: sepal/petal의 length/width. 다른 데이터셋: 두 열 번호 (0부터), "
        "예: 처음 두 feature는 0-1."
    ),
    "controls.hidden": "이 링크가 숨긴 컨트롤: {keys}.",
    "presets.heading": "프리셋",
    "presets.reset": "원글의 모델로 되돌리기",
    "preset.seed-16-8": "원글 표 16/8",
    "preset.seed-32-16": "원글 표 32/16",
    "preset.seed-64-32": "원글 표 64/32",
    "preset.tiny-4-2": "아주 작게 4/2",
    "preset.wide-512-256-128": "넓게 512/256/128",
    "share.heading": "공유",
    "share.open": "이 모델의 링크",
    "share.caption": "링크 오른쪽의 복사 버튼으로 복사하세요. 링크에 모든 설정이 들어 있습니다.",
    "notice.heading": "이 링크의 일부 값은 그대로 쓸 수 없었습니다:",
    "notice.repeated": "`{key}`가 {times}번 나와서 마지막 값을 썼습니다.",
    "notice.not_one_of": "`{key}={value}`는 {options} 중 하나가 아니라서 {used}을(를) 썼습니다.",
    "notice.not_bool": "`{key}={value}`는 true/false가 아니라서 {used}을(를) 썼습니다.",
    "notice.not_number": "`{key}={value}`는 숫자가 아니라서 {used}을(를) 썼습니다.",
    "notice.not_finite": "`{key}={value}`는 유한한 숫자가 아니라서 {used}을(를) 썼습니다.",
    "notice.outside": "`{key}={value}`는 {low}..{high} 범위 밖이라서 {used}을(를) 썼습니다.",
    "notice.upload_in_link": (
        "`{key}={value}`는 업로드한 CSV를 가리키는데, 링크는 파일을 담을 수 없어서 {used}을(를) "
        "썼습니다. 그 파일로 학습하려면 파일을 업로드하세요."
    ),
    "notice.not_whole": "`{key}={value}`는 정수가 아니라서 {used}을(를) 썼습니다.",
    "notice.epoch_trained": "학습을 마친 모델",
    "notice.rounded": "`{key}={value}`는 소수점 아래 {digits}자리를 넘어서 {used}을(를) 썼습니다.",
    "notice.tab_unknown": "`{key}={value}`는 {options} 중 하나가 아니라서 {used} 탭을 열었습니다.",
    "pin.name": "고정 {number}",
    "notice.pin_repeats": "고정 {number}은(는) 앞의 고정과 같아서 뺐습니다.",
    "notice.pins_max": "고정은 최대 {max}개라서 고정 {number}부터 뺐습니다.",
    "notice.pin_too_long": "{name}은(는) {length}자로 너무 길어서 뺐습니다.",
    "notice.pin_unreadable": (
        "{name} `{piece}`는 `h1.64-opt.sgd` 같은 고정 형식이 아니라서 뺐습니다."
    ),
    "notice.pin_ignored": "{name}: {skipped}는 컨트롤의 `key.value`가 아니라서 무시했습니다.",
    "notice.pin_prefixed": "{name}: {notice}",
    "intro.title": "Iris MLP 파라미터 실험실",
    "intro.body": (
        "원글의 iris 케라스 MLP는 왜 Dense 레이어마다 **160, 528, 51**개의 파라미터를 가질까요? "
        "그리고 저장한 파일 사이즈는 왜 ~33 KB에 더해 **파라미터 하나당 약 13 byte**씩 커질까요? "
        "노드 수를 움직여 보세요: 모델이 바로 다시 학습하고 실제로 저장한 파일을 잽니다. "
        "레이어마다의 계산은 아래 탭에 있습니다. URL에 모든 설정이 들어 있으니 공유하세요."
    ),
    "metric.total_params": "전체 파라미터 개수",
    "metric.total_params.help": "model.count_params()가 알려 주는 값.",
    "metric.train_accuracy": "학습 정확도",
    "metric.test_accuracy": "테스트 정확도",
    "metric.saved_keras": "저장한 .keras",
    "metric.saved_keras.help": "학습한 모델을 model.save()로 저장한 파일의 길이 (byte).",
    "metric.training_time": "학습 시간",
    "tab.Parameters": "파라미터",
    "tab.Network": "네트워크",
    "tab.Training": "학습",
    "tab.Bytes": "파일 사이즈",
    "tab.Files": "파일",
    "tab.Regions": "결정 영역",
    "tab.Errors": "오류",
    "tab.Compute": "연산량",
    "tab.Compare": "비교",
    "tab.Code": "코드",
    "params.heading": "레이어별 파라미터 개수",
    "params.intro": (
        "Dense 레이어는 입력 행마다 가중치 행렬을 곱합니다: {example}. "
        "BatchNormalization은 노드마다 숫자 4개를 둡니다: gamma와 beta는 학습하고, "
        "이동 평균과 이동 분산은 따라가기만 합니다. Dropout은 학습하는 동안 입력을 무작위로 "
        "0으로 만들 뿐, 파라미터가 없습니다."
    ),
    "params.dense_example": (
        "`(1 x {fan_in}) . ({fan_in} x {units}) = (1 x {units})`, 행렬곱셈이 되려면 가중치 "
        "행렬(kernel)은 `{fan_in} x {units}`개의 숫자를 갖고, {units}개 노드마다 더해지는 "
        "상수(bias)가 하나씩: `+ {units}`"
    ),
    "params.general": (
        "**Dense**`(n_in → n_out)` = `n_in × n_out` (커널) + `n_out` (편향); "
        "**BatchNormalization**`(n)` = `2n` (γ와 β, 학습 대상) + `2n` (이동 평균과 "
        "이동 분산, 학습 제외)."
    ),
    "params.col.layer": "레이어",
    "params.col.type": "종류",
    "params.col.output_shape": "출력 모양",
    "params.col.formula": "계산식",
    "params.col.trainable": "학습 대상",
    "params.col.non_trainable": "학습 제외",
    "params.col.params": "파라미터 개수",
    "params.trainable": "학습 대상",
    "params.non_trainable": "학습 제외",
    "params.with_optimizer": "{optimizer} 상태 포함",
    "params.with_optimizer.help": (
        "학습이 끝나면 옵티마이저는 {formula}개의 변수를 갖습니다 (학습 대상 파라미터마다의 "
        "슬롯, 그리고 반복 횟수와 학습률). model.summary()는 이것까지 전체에 더합니다."
    ),
    "params.caption": (
        "학습 후 옵티마이저 변수: {formula}: {slots}. 원글처럼 Dense 레이어만 세면: {dense_only}."
    ),
    "params.slots_none": (
        "{optimizer} (모멘텀 없음)은 학습 대상 파라미터마다 아무 사본도 두지 않고, "
        "스칼라 {scalars}개(반복 횟수와 학습률)만 둡니다"
    ),
    "params.slots_one": (
        "{optimizer}은(는) 학습 대상 파라미터마다 float32 사본 하나를 두어, 가중치 자신과 "
        "합쳐 {bytes} byte이고, 스칼라 {scalars}개가 더해집니다"
    ),
    "params.slots_many": (
        "{optimizer}은(는) 학습 대상 파라미터마다 float32 사본 {slots}개를 두어, 가중치 "
        "자신과 합쳐 {bytes} byte이고, 스칼라 {scalars}개가 더해집니다"
    ),
    "params.check_pending": "케라스가 직접 센 개수와의 비교는 모델 학습이 끝나면 나옵니다.",
    "params.activations": (
        "**활성화 함수**는 Dense 다음에 각 노드의 값 z에 적용됩니다 (파라미터 없음: 모든 "
        "노드에 같은 함수): {layers}."
    ),
    "params.l2_off": (
        "**L2 가중치 감쇠**는 꺼져 있습니다 (`l2 = 0`): 손실은 크로스 엔트로피뿐입니다."
    ),
    "params.l2_on": (
        "**L2 가중치 감쇠** `l2 = {l2}`를 모든 Dense의 커널 가중치 {kernels}개에 겁니다 "
        "(상수(bias)와 BatchNorm은 아님): 손실 = 크로스 엔트로피 + `{l2} x Σ w²`, 그래서 "
        "매 단계 커널 가중치마다 기울기에 `{twice} x w`가 더해져 0 쪽으로 당겨집니다. "
        "파라미터는 하나도 늘지 않습니다: 개수는 같습니다."
    ),
    "params.mismatch_setting": "{mine} (레이어, 활성화 함수, L2) 대 케라스 {theirs}",
    "params.check_mismatch": "케라스의 count_params()와 다릅니다: {mismatches}",
    "params.mismatch_layer": "{mine} 대 케라스 {theirs}",
    "params.mismatch_rows": "여기 {ours}행, 케라스 레이어 {theirs}개",
    "params.mismatch_optimizer": "옵티마이저: 여기 {ours} 대 케라스 {theirs}",
    "params.check_ok": (
        "✓ 학습한 케라스 모델과 비교했습니다: 모든 레이어의 count_params()가 일치하고, "
        "전체 {total}, {optimizer} 상태를 포함하면 model.summary()와 같은 {with_optimizer}입니다. "
        "모든 Dense의 활성화 함수와 L2 계수도 여기 보이는 그대로입니다."
    ),
    "training.waiting": "학습 워커를 기다리는 중 ({predicted})...",
    "training.epoch": "학습 중: 에포크 {done} / {epochs} (예상 {predicted})",
    "training.queued_one": "대기 중: 다른 방문자의 작업 {ahead}개가 앞에 있습니다",
    "training.queued_many": "대기 중: 다른 방문자의 작업 {ahead}개가 앞에 있습니다",
    "training.next": "다음 차례, 빈 워커를 기다리는 중 (새 워커는 먼저 TensorFlow를 불러옵니다)",
    "training.about_seconds": "약 {seconds} s",
    "training.heading": "실시간 학습",
    "training.split": (
        "무엇이든 바꾸면 CPU에서 TensorFlow/케라스로 모델을 다시 학습합니다: {title}의 "
        "{n_train}행으로 학습하고, 따로 떼어 둔 {n_test}행으로 테스트합니다 (80/20). 두 쪽 "
        "모두에 모든 클래스가 들어가도록 나눕니다. (원글의 `validation_split=0.2`는 *마지막* "
        "20% 행을 쓰는데, iris는 클래스 순으로 정렬되어 있어서 그 검증 데이터에는 virginica만 "
        "들어 있습니다.) {scaling}"
    ),
    "training.pending": "모델 학습이 끝나면 이 실행의 숫자가 여기에 나옵니다.",
    "training.summary": (
        "배치 크기 {batch}, {optimizer} (학습률 {lr:g})로 **{epochs} 에포크**를 "
        "**{seconds:.2f} s** 동안 학습했습니다 (예상 {predicted}). 마지막 loss: 학습 데이터 "
        "{loss:.4f}, 테스트 데이터 {test_loss:.4f}."
    ),
    "training.refused_0": (
        "이 학습은 {predicted} 걸릴 것으로 예상되어 시간 제한 {limit:g} s를 넘으므로 "
        "시작하지 않았습니다."
    ),
    "training.refused_1": (
        "이 학습은 {predicted} 걸릴 것으로 예상되어 시간 제한 {limit:g} s를 넘으므로 "
        "시작하지 않았습니다. 제한 안에 들어오려면 이렇게 해 보세요: {a}."
    ),
    "training.refused_2": (
        "이 학습은 {predicted} 걸릴 것으로 예상되어 시간 제한 {limit:g} s를 넘으므로 "
        "시작하지 않았습니다. 제한 안에 들어오려면 이렇게 해 보세요: {a} 또는 {b}."
    ),
    "training.refused_3": (
        "이 학습은 {predicted} 걸릴 것으로 예상되어 시간 제한 {limit:g} s를 넘으므로 "
        "시작하지 않았습니다. 제한 안에 들어오려면 이렇게 해 보세요: {a}, {b} 또는 {c}."
    ),
    "training.refused_4": (
        "이 학습은 {predicted} 걸릴 것으로 예상되어 시간 제한 {limit:g} s를 넘으므로 "
        "시작하지 않았습니다. 제한 안에 들어오려면 이렇게 해 보세요: {a}, {b}, {c} 또는 {d}."
    ),
    "cost.fix_batch": "배치 크기 {batch} 이상",
    "cost.fix_epochs": "에포크 {epochs} 이하",
    "cost.fix_widths": "노드 수 {width} 이하",
    "cost.fix_layer": "은닉 레이어 {layers}개 이하",
    "cost.fix_layers": "은닉 레이어 {layers}개 이하",
    "data.title.iris": "Iris",
    "data.title.wine": "Wine",
    "data.title.breast_cancer": "유방암 (Wisconsin)",
    "data.title.digits": "손글씨 숫자 (8 x 8 픽셀)",
    "data.scaling_raw": "{title}의 feature는 원글처럼 그대로 씁니다.",
    "data.scaling_standardized": (
        "feature는 학습 데이터의 통계만으로 표준화합니다 (평균을 빼고 표준편차로 나눔). "
        "그래서 떼어 둔 테스트 행은 보이지 않은 채로 남습니다."
    ),
    "data.upload_label": "{title} (내 CSV)",
    "data.sentence": (
        "{title}: {rows:,}행, 입력 feature {features}개, 출력 클래스 {classes}개. {scaling}"
    ),
    "chart.loss": "Loss",
    "chart.accuracy": "정확도",
    "chart.epoch": "에포크",
    "chart.train": "학습",
    "chart.test": "테스트",
    "chart.params_axis_seed": "파라미터 개수 (count_params; 원글은 Dense 레이어만)",
    "chart.params_axis": "파라미터 개수",
    "chart.file_size": "파일 사이즈 (byte)",
    "chart.measured": "{series} (실측)",
    "chart.fit": "직선: {intercept:,.0f} + {slope:.2f} x 파라미터",
    "chart.seed_files": "원글의 iris 파일 (Dense 파라미터)",
    "chart.seed_law": "원글의 iris 법칙: {overhead:,} + {per_param} x Dense 파라미터",
    "chart.your_model": "학습한 내 모델",
    "chart.your_model_gzip": "학습한 내 모델, gzip 압축",
    "chart.hover_measured": (
        "노드 수 %{{customdata[0]}}<br>파라미터 %{{x:,}}개<br>%{{y:,}} byte<extra></extra>"
    ),
    "chart.hover_seed": (
        "원글, 노드 수 %{{customdata[0]}}<br>Dense 파라미터 %{{x:,}}개"
        "<br>%{{y:,}} byte<extra></extra>"
    ),
    "chart.hover_yours": "내 모델<br>파라미터 %{{x:,}}개<br>%{{y:,}} byte<extra></extra>",
    "chart.bytes": "byte",
    "chart.yours": "{label} (내 것)",
    "chart.the_weight": "가중치 (float32)",
    "chart.optimizer_slots": "옵티마이저 슬롯",
    "chart.bytes_per_trainable": "학습 대상 파라미터당 byte",
    "chart.test_accuracy": "테스트 정확도",
    "chart.test_loss": "테스트 loss",
    "chart.region_rows": "{name} ({part})",
    "chart.hover_region": "%{{x:.2f}}, %{{y:.2f}}: 예측 %{{text}}<extra></extra>",
    "series.keras_with_optimizer": ".keras, 옵티마이저 상태 포함",
    "series.h5_with_optimizer": "레거시 .h5, 옵티마이저 상태 포함",
    "series.weights_h5": ".weights.h5 (옵티마이저 상태 포함)",
    "series.keras_without_optimizer": ".keras, 옵티마이저 없음",
    "series.tflite_float32": "TFLite float32",
    "series.tflite_float16": "TFLite float16",
    "series.tflite_int8": "TFLite 동적 범위 int8",
    "series.keras_gzip": ".keras gzip 압축, 레벨 6",
    "ship.measure": "실제로 배포하는 파일 재기: 모든 노드 수에서 TFLite와 gzip (~20-50 s)",
    "ship.measure.help": (
        "켜면: 워커가 차트의 모든 노드 수에서 내 모델을 TFLite 세 가지 (float32, float16, "
        "동적 범위 int8: 휴대폰에 가는 것)로 변환하고 .keras 파일을 gzip으로 압축해 (웹 "
        "서버가 보내는 것) 파일마다 재고 직선을 맞춥니다. TFLite 변환 한 번에 1초 가까이 "
        "걸려서, 요청할 때만 모양마다 한 번 돌립니다."
    ),
    "ship.off": "꺼짐: TFLite 파일과 gzip 압축 파일은 재지 않습니다.",
    "ship.waiting": "모든 노드 수에서 TFLite로 변환하고 gzip으로 압축하는 중...",
    "ship.steps": "TFLite와 gzip, 끝낸 노드 수",
    "ship.yours_gzip": (
        "**학습한 내 모델의** `.keras`를 gzip (레벨 {level})으로 압축하면 **{bytes:,} byte**, "
        "원래 {keras:,}의 {share:.0%}입니다. gzip 직선의 예측은 {predicted:,.0f} "
        "({diff:+,.0f} byte, {miss:+.2%})."
    ),
    "ship.why_heading": "**배포하는 파일의 파라미터당 byte가 왜 이런가.**",
    "ship.why_float32": (
        "**TFLite float32** (파라미터당 {slope:.2f} byte, Dense 파라미터당 {dense_slope:.2f}): "
        "가중치 하나는 4 byte float32이지만 Dense 레이어의 가중치만 저장됩니다: 변환기가 "
        "BatchNorm을 그 안에 접어 넣고, 드롭아웃은 가중치가 없습니다 (노드 수 {widths}에서: "
        "파라미터 {params:,}개 중 숫자 {dense:,}개)."
    ),
    "ship.why_float16": (
        "**TFLite float16** (파라미터당 {slope:.2f} byte, Dense 파라미터당 {dense_slope:.2f}): "
        "가중치 하나를 2 byte로 저장하고, 가중치 텐서마다 Dequantize 연산 하나가 실행할 때 "
        "float32로 되돌립니다. 그 연산과 텐서가 오버헤드라서 노드 수 {widths}에서 float16 파일 "
        "({small16:,} byte)은 float32 파일 ({small32:,})보다 {than}."
    ),
    "ship.bigger": "큽니다",
    "ship.smaller": "작습니다",
    "ship.why_int8": (
        "**TFLite 동적 범위 int8** (파라미터당 {slope:.2f} byte, Dense 파라미터당 "
        "{dense_slope:.2f}): 양자화한 커널은 가중치당 1 byte에 출력 노드마다 float32 스케일 "
        "하나를 더하고, bias와 활성화는 float32로 남습니다. TFLite는 숫자가 {min_elements:,}개 "
        "미만인 텐서를 float32로 두어서 작은 레이어는 숫자당 4 byte 그대로입니다. 내 모델의 "
        "float32 커널: {float_kernels}; int8 커널: {int8_kernels}. 실측: int8 파일은 노드 수 "
        "{small}에서 float32 파일의 {small_share:.0%}, {large}에서 {large_share:.0%}."
    ),
    "ship.no_kernel": "없음",
    "ship.why_gzip": (
        "**.keras gzip 압축** 레벨 {level} (zlib과 gzip 명령의 기본값, Apache가 보내는 것; "
        "nginx의 기본값은 1): 파라미터당 {slope:.2f} byte, 파일 자체는 {keras_slope:.2f}; "
        "오버헤드 {intercept:,.0f} byte, 파일 자체는 {keras_intercept:,.0f}. .keras 파일은 "
        "JSON과 HDF5를 압축하지 않고 담는 zip이라서 gzip은 config와 HDF5 구조를 가장 많이 "
        "줄이고, 학습한 float32 가중치와 옵티마이저 슬롯은 하위 비트가 무작위에 가까워 거의 "
        "줄지 않습니다. 이 파일들은 학습한 것 같은 숫자를 담습니다: 학습 전 파일의 0인 bias와 "
        "0인 옵티마이저 슬롯은 압축되어 사라지므로 실제보다 작게 보이게 합니다."
    ),
    "bytes.waiting": "모델 파일을 저장하고 재는 중...",
    "bytes.steps": "모델 파일 저장 중, 저장한 노드 수",
    "bytes.step": "{steps}: {done} / {total}",
    "bytes.log_axes": "로그 축",
    "bytes.chart_caption": (
        "내 모델을 20가지 노드 수로 저장한 실제 `.keras` 파일. 모든 파일: *파일 사이즈* 탭."
    ),
    "bytes.heading": "파라미터 개수와 디스크의 파일 사이즈",
    "bytes.pending": "파일은 위 차트를 위해 잽니다. 이 탭은 그것을 설명합니다.",
    "bytes.intro": (
        "점 하나하나가 이 서버에서 케라스가 저장한 실제 파일입니다 (`.keras`, 레거시 `.h5`, "
        "`.weights.h5`). 내 모델과 같은 깊이, BatchNorm, 드롭아웃, 옵티마이저 ({optimizer})로 "
        "{first}부터 {last}까지 {count}가지 노드 수 (원글처럼 은닉 레이어마다 앞의 절반). "
        "파일 종류마다 직선을 맞춥니다: 절편은 모든 파일이 지니는 고정 오버헤드, 기울기는 "
        "파라미터 하나가 더하는 byte입니다. 범례 항목을 누르면 그 계열을 숨기거나 보입니다."
    ),
    "bytes.fit_header": "| 파일 | 잰 파일 수 | 고정 오버헤드 | 파라미터당 byte | R² |",
    "bytes.fit_row": "| {label} | {count} | {intercept:,.0f} byte | {slope:.3f} | {r2:.6f} |",
    "bytes.yours": (
        "**학습한 내 모델** (파라미터 {total:,}개)은 `.keras`로 **{bytes:,} byte**로 "
        "저장되었습니다. 직선의 예측은 {predicted:,.0f} ({diff:+,.0f} byte, {share:+.2%})."
    ),
    "bytes.why": (
        "**왜 이런 숫자일까.** 가중치 하나는 float32: 4 byte입니다. 그래서 학습하지 않은 "
        "모델의 파일은 파라미터당 약 {bare_slope:.1f} byte씩 커집니다. 학습하면 옵티마이저가 "
        "만들어지고, {slots}. 그래서 학습한 파일은 약 {full_slope:.1f}씩 커집니다. 모든 파일이 "
        "지니는 약 {kb:.0f} KB는 가중치가 아니라 구조입니다: 모델의 config JSON, 메타데이터, "
        "이름 붙은 데이터셋의 HDF5 파일을 담은 zip. 원글은 HDF5 파일 하나를 쓰던 예전 케라스로 "
        "쟀습니다: 그 법칙 {seed_overhead:,} + {seed_per_param} x 파라미터는 Dense 파라미터만 "
        "세고, 학습한 Adam 모델 (학습 대상 가중치당 {adam_bytes} byte)입니다: 그 기울기 "
        "{seed_per_param} 대 학습한 {optimizer} 모델의 오늘 {full_slope:.1f}, 그 오버헤드 대 "
        "{full_intercept:,.0f}."
    ),
    "law.heading": "#### 쓸 수 있는 사이즈 법칙",
    "law.width": "예측할 첫 은닉 레이어의 노드 수 (다음 레이어는 앞의 절반)",
    "law.why_two": (
        "왜 두 가지 개수인가: BatchNorm의 이동 평균과 이동 분산은 옵티마이저가 학습하지 않는 "
        "파라미터라서 하나에 4 byte이고, 학습하는 가중치는 4 byte에 옵티마이저 슬롯이 더해집니다. "
        "모든 파라미터에 직선 하나를 맞추면 둘이 섞입니다. 디스크에 쓴 HDF5 파일 (레거시 .h5, "
        ".weights.h5)은 계단식으로도 커집니다: HDF5는 작은 데이터셋에 2 KiB 블록 단위로 공간을 "
        "잡기 때문에 작은 모델일수록 더 빗나갑니다. .keras zip 안의 HDF5 파일은 메모리에서 쓰이고, "
        "그 구조는 어느 노드 수에서나 같은 byte입니다."
    ),
    "law.terms": "{overhead:,.0f} + {per_trainable:.2f} x 학습 대상 {trainable:,}",
    "law.terms_frozen": " + {per_frozen:.2f} x 학습 제외 {frozen:,}",
    "law.seen": " 바로 이 모델을 쟀습니다: {bytes} byte.",
    "law.prediction": (
        "노드 수 {widths}인 모델은 **파라미터 {params:,}개** (학습 대상 {trainable:,}개)입니다. "
        "{optimizer}로 학습하면 `.keras`로 약 **{predicted:,.0f} byte**로 저장됩니다: "
        "{terms}.{reach} 맞춘 파일 {files}개에서 이 법칙은 최대 **{law_error:.3f}%** 빗나갑니다 "
        "(차트의 직선: {line_error:.2f}%){held_out}.{seen}"
    ),
    "law.within": " 노드 수 {first}은(는) 잰 노드 수 ({low}부터 {high}까지) 안에 있습니다.",
    "law.outside": (
        " 노드 수 {first}은(는) 잰 노드 수 ({low}부터 {high}까지) 밖에 있습니다: 외삽입니다."
    ),
    "law.held_out": (
        "; 맞추기에서 뺀 노드 수를 나머지 {others}개로 예측하면 최대 **{error:.3f}%**"
    ),
    "law.tied": (
        "여기서 학습 대상과 학습 제외가 똑같이 {cost:.3f} byte인 이유: 이 측정의 모든 모델에서 "
        "학습 대상 = {ratio:g} x 학습 제외 + {offset:g} (노드 수 {w0}: {t0:,}와 {n0:,}; "
        "{w1}: {t1:,}와 {n1:,}). 두 개수가 나란히 커지므로 파일로는 둘의 비용을 가를 수 없고, "
        "직선은 둘에 파라미터당 같은 비용을 줍니다. {optimizer}로 학습하는 가중치는 {weight} "
        "byte (4, 그리고 옵티마이저 슬롯 {slots}개마다 4), 이동 통계는 4: 하나에 {ratio:g}개씩 "
        "섞인 평균은 ({ratio:g} x {weight} + 4) / {ratio_plus_one:g} = {blend:.3f} byte."
    ),
    "law.col.file": "파일",
    "law.col.two_count": "두 개수 법칙 (t 학습 대상, n 학습 제외)",
    "law.col.worst": "최대 오차",
    "law.col.worst_left_out": "최대 오차, 뺀 노드 수",
    "law.col.line": "직선 (p 파라미터)",
    "law.col.line_worst": "직선의 최대 오차",
    "law.col.bytes_for": "{name}의 byte",
    "law.not_available": "없음",
    "files.heading": "byte는 어디로 가는가",
    "files.measure": "이 모델을 모든 형식으로 재기 (바꿀 때마다 ~2 s)",
    "files.measure.help": (
        "켜면: 바꿀 때마다 내 모델을 7가지 형식 (.keras, 옵티마이저 있는/없는 레거시 .h5, "
        ".weights.h5, SavedModel, TFLite)으로 저장하고 .keras 파일을 gzip으로 압축하고, "
        ".keras와 .h5 파일을 부분으로 나누고, "
        "옵티마이저와 숫자 형식별로 byte를 비교합니다."
    ),
    "files.off": "꺼짐: 여기서는 아무것도 재지 않습니다. {help}",
    "files.intro": (
        "케라스와 TensorFlow가 제공하는 모든 방법으로 저장한 내 모델을 이 서버에서 byte 단위로 "
        "쟀습니다. 사본은 학습이 남기는 대로 옵티마이저까지 만들어서 저장합니다: 파일 사이즈는 "
        "가중치의 값이 아니라 모양, 이름, 옵티마이저로 정해집니다."
    ),
    "files.waiting": "내 모델을 모든 형식으로 저장하는 중...",
    "files.steps": "내 모델을 모든 형식으로 저장하는 중",
    "files.formats_heading": "#### 모델 하나, 파일 {count}개",
    "files.col.format": "형식",
    "files.col.saved_with": "저장 방법",
    "files.col.bytes": "byte",
    "files.col.kib": "KiB",
    "files.col.vs_keras": ".keras 대비",
    "files.saved_model": (
        "SavedModel = {listing} byte; {note}. TFLite는 추론에 필요한 것만 둡니다: "
        "BatchNorm은 Dense 가중치에 합쳐지고, Dropout은 사라집니다."
    ),
    "files.checkpoint": (
        "변수 파일에 파라미터 {params:,}개의 숫자 {numbers:,}개 ({keys} 아래)와 {graph:,} "
        "byte 객체 그래프가 들어 있음"
    ),
    "files.same_count": "같은 크기",
    "files.different_count": "다른 크기",
    "files.compared": ", 위의 학습 전 사본 ({untrained} byte)과 {same}",
    "files.trained": (
        "**학습한** 내 모델의 `.keras` 파일, 학습 워커에서 저장: "
        "**{bytes} byte** ({kib:.1f} KiB){compared}."
    ),
    "files.download": "학습한 모델 내려받기 (.keras, {bytes} byte)",
    "files.inside_heading": "#### 파일 안",
    "files.inside": (
        "`.keras` 파일은 `config.json` (구조), `metadata.json`, 그리고 변수마다 데이터셋 하나씩인 "
        "HDF5 파일 `model.weights.h5`를 담은 zip입니다. 레거시 `.h5`는 config를 속성으로 가진 "
        "HDF5 파일 하나입니다. 아래 부분은 모두 파일에서 잽니다 (zip 레코드, HDF5 데이터셋 저장소, "
        "속성 길이). *HDF5 구조*만 예외로, HDF5 파일의 나머지입니다: 객체 헤더, B-tree, 이름, 정렬."
    ),
    # The formats the current model is saved in (file_report.FileFormat ids): as in English,
    # but for the words the Bytes tab's series already says in Korean.
    "file.format.keras_bare": ".keras, 옵티마이저 없음",
    "file.format.keras": ".keras",
    "file.format.h5": "legacy .h5",
    "file.format.h5_no_optimizer": "legacy .h5, include_optimizer=False",
    "file.format.weights_h5": ".weights.h5",
    "file.format.saved_model": "SavedModel directory",
    "file.format.tflite": "TFLite flatbuffer",
    "file.format.keras_gzip": ".keras gzip 압축 (레벨 6, 학습한 것 같은 숫자)",
    "file.kind.zip": "zip 컨테이너",
    "file.kind.json": "JSON",
    "file.kind.weights": "가중치",
    "file.kind.optimizer": "옵티마이저",
    "file.kind.hdf5": "HDF5",
    "anatomy.name.weights": "{prefix}가중치",
    "anatomy.name.slots": "{prefix}옵티마이저 슬롯",
    "anatomy.name.scalars": "{prefix}옵티마이저 스칼라",
    "anatomy.name.attribute": "{prefix}{name} 속성",
    "anatomy.name.structure": "{prefix}HDF5 구조",
    "anatomy.name.local_headers": "zip: 로컬 파일 헤더",
    "anatomy.name.directory": "zip: 중앙 디렉터리",
    "anatomy.name.end": "zip: 끝 레코드",
    "anatomy.name.descriptors": "zip: 데이터 디스크립터",
    "anatomy.what.weights": "float32 가중치 행렬, 상수(bias), BatchNorm",
    "anatomy.what.slots": "파라미터마다의 상태",
    "anatomy.what.scalars": "반복 횟수 (int64), 학습률, ...",
    "anatomy.what.model_config": "JSON으로 쓴 모델 구조",
    "anatomy.what.training_config": "JSON으로 쓴 loss, 지표, 옵티마이저 설정",
    "anatomy.what.structure": "객체 헤더, B-tree, 이름, 작은 속성, 정렬",
    "anatomy.what.config": "모델 구조와 compile 설정",
    "anatomy.what.metadata": "케라스 버전과 저장 날짜",
    "anatomy.what.other_entry": "zip의 다른 항목",
    "anatomy.what.entries": "항목 {n}개",
    "anatomy.what.directory": "항목마다 레코드 하나",
    "anatomy.what.end": "중앙 디렉터리의 끝",
    "anatomy.what.descriptors": "데이터 뒤의 크기 정보",
    "files.col.part": "부분",
    "files.col.kind": "종류",
    "files.col.share": "비율",
    "files.col.what": "내용",
    "files.parts_sum": (
        "부분의 합: {accounted} byte {check} 파일 사이즈 {total} byte. "
        "가중치: {weights} byte {per_param} 4 byte x 파라미터 {params:,}개."
    ),
    "files.optimizer_heading": "#### 옵티마이저의 몫",
    "files.optimizer_intro": (
        "학습하면 옵티마이저가 만들어지고, 학습을 이어갈 수 있도록 파일이 그 상태를 저장합니다: "
        "그냥 SGD는 가중치마다 아무것도 두지 않고, 모멘텀, RMSprop, Adagrad는 float32 하나씩, "
        "Adam은 둘. 아래는 옵티마이저마다 만들어 저장한 내 모델의 `.keras` 파일을 잰 것입니다."
    ),
    "files.col.optimizer": "옵티마이저",
    "files.col.built_as": "만든 방법",
    "files.col.keras_bytes": ".keras byte",
    "files.col.slot_bytes": "슬롯 byte",
    "files.col.slots_per_trainable": "학습 대상당 슬롯",
    "files.col.bytes_per_trainable": "학습 대상 파라미터당 byte",
    "files.col.bytes_per_param": "파라미터당 byte (전체)",
    "files.your_trained": "; 학습한 내 파일: {bytes} byte",
    "files.optimizer_caption": (
        "내 옵티마이저 {optimizer}: 여기서 잰 {bytes} byte{trained}. '전체'는 BatchNorm의 이동 "
        "통계까지 포함한 파라미터 {params}개로 나눕니다: 이들은 학습하지 않으므로 어느 "
        "옵티마이저도 슬롯을 두지 않습니다. Adafactor는 가중치마다 숫자 하나 대신 각 가중치 "
        "행렬의 제곱 기울기를 행과 열별로 더한 합을 둡니다."
    ),
    "files.dtypes_heading": "#### 더 작은 숫자",
    "files.col.numbers_as": "숫자 형식",
    "files.col.file_bytes": "파일 byte",
    "files.col.numbers": "저장한 숫자",
    "files.col.data_bytes": "데이터 byte",
    "files.col.bytes_per_number": "숫자당 byte",
    "files.col.tensors": "가중치 텐서",
    "files.col.how": "방법",
    "files.dtypes_caption": (
        ".weights.h5 행은 가중치만 담습니다 (옵티마이저 없음). TFLite는 BatchNorm을 합친 뒤 "
        "Dense 레이어의 숫자만 저장합니다. 그 동적 범위 int8 양자화 (`Optimize.DEFAULT`)는 "
        "숫자 1,024개 미만의 텐서를 float32로 두므로, 작은 모델의 파일은 전혀 줄지 않습니다."
    ),
    "regions.heading": "어디에 경계를 긋는가",
    "regions.held_at": "{feature} = {value:.2f}",
    "regions.and": ", ",
    "regions.held_none": "고정한 다른 feature 없음",
    "regions.held_listed": "{held} (학습 데이터의 평균)",
    "regions.held_counted": "나머지 feature {count}개는 학습 데이터의 평균{where}",
    "regions.held_scaled": " (표준화하면 0)",
    "regions.intro": (
        "학습한 모델이 **{x_name}**와 **{y_name}**의 {nx} x {ny} 격자에서 예측하는 클래스, "
        "고정한 값: {held}. 점은 학습 행, 속이 빈 마름모는 테스트 행이고, 저마다 실제 클래스의 "
        "색입니다. 두 feature는 사이드바 (*{section}*)에서 고릅니다. 지금은 `regions={pair}`."
    ),
    # Network tab: the network drawn with its weights, played back through training.
    "network.heading": "그려 본 신경망",
    "network.intro": (
        "층마다 노드가 한 열, Dense의 가중치 하나하나가 선입니다. 파란색은 양수, 빨간색은 "
        "음수이고, 그 층에서 가장 큰 가중치에 비해 클수록 진하게 그립니다. 노드의 색은 그 "
        "노드의 상수(bias)입니다. {shown}개보다 넓은 층은 처음 {shown}개 노드만 그립니다. "
        "선 위에 마우스를 올리면 가중치가 보입니다."
    ),
    "network.pending": "모델이 학습되면 그 가중치를 여기에 그립니다.",
    "network.no_snapshots": (
        "이 결과에는 학습 중의 가중치가 남아 있지 않습니다. 다시 학습하면 학습 과정을 되돌려 "
        "볼 수 있습니다."
    ),
    "network.epoch": "가중치: 에포크",
    "network.epoch.help": (
        "학습은 에포크 {count}곳에서 가중치를 남겼습니다. 에포크 0은 처음 가중치(시드로 정한 "
        "값), 마지막은 학습한 모델 자신의 가중치입니다."
    ),
    "network.at_epoch": "에포크 {epochs}개 중 {epoch}개를 학습한 뒤.",
    "network.at_start": "에포크 0: 학습 전의 처음 가중치.",
    "network.regions": "에포크 {epoch} 뒤에 어디에 경계를 긋는가",
    "network.positive": "양수 가중치",
    "network.negative": "음수 가중치",
    "network.weights": "가중치",
    "network.inputs": "입력",
    "network.units": "노드",
    "network.inputs_header": "입력 ({count})",
    "network.bias": "상수",
    "network.more": "+ {count}개 더",
    "network.batchnorm": "BatchNorm · 파라미터 {params:,}개",
    "network.dropout": "Dropout {rate:g} · 파라미터 {params}개",
    "network.hover_edge": (
        "층 %{{customdata[0]}}, 입력 %{{customdata[1]}} -> 노드 %{{customdata[2]}}: "
        "%{{customdata[3]:.3f}}<extra></extra>"
    ),
    "network.hover_unit": (
        "층 %{{customdata[0]}}, 노드 %{{customdata[1]}}: 상수 %{{customdata[2]:.3f}}<extra></extra>"
    ),
    "network.hover_input": "입력 %{{customdata[0]}}: %{{customdata[1]}}<extra></extra>",
    # Every parameter a cell (under the Parameters tab's formulas).
    "weights.heading": "파라미터 하나에 한 칸",
    "weights.show": "파라미터를 한 칸씩 보기",
    "weights.show.help": (
        "Dense 층의 kernel은 입력 x 노드 수 heatmap과 bias 한 줄로, BatchNorm은 네 줄로, 학습이 "
        "남긴 어느 에포크에서든 보여 줍니다. 층마다 차트가 하나씩 늘어서 기본은 꺼져 있습니다."
    ),
    "weights.intro": (
        "Dense 층마다 kernel을 입력 x 노드 격자로, 그 아래 한 줄에 상수(bias)를 그립니다. "
        "BatchNorm은 네 줄입니다. 파란색은 양수, 빨간색은 음수. 위의 공식이 세는 숫자 "
        "하나하나가 한 칸입니다."
    ),
    "weights.dense_cells": ("`{name}`: {fan_in} x {units} kernel + {units} 상수 = {cells:,}칸"),
    "weights.batchnorm_cells": (
        "`{name}`: 4 x {units} (gamma, beta, 이동 평균, 이동 분산) = {cells:,}칸"
    ),
    "weights.kernel": "입력",
    "weights.units": "노드",
    "weights.bias": "상수",
    "weights.hover_kernel": "입력 %{{y}} -> 노드 %{{x}}: %{{z:.4f}}<extra></extra>",
    "weights.hover_bias": "노드 %{{x}}, 상수: %{{z:.4f}}<extra></extra>",
    "weights.hover_batchnorm": "%{{y}}, 노드 %{{x}}: %{{z:.4f}}<extra></extra>",
    "weights.layer": "층",
    "weights.one_at_a_time": "모두 {cells:,}칸: 이만큼 큰 모델은 한 번에 한 층씩 보여 줍니다.",
    "weights.dropout": "`{name}`: Dropout은 파라미터가 없습니다.",
    "errors.heading": "어디서 틀리는가",
    "errors.intro": (
        "따로 떼어 둔 테스트 {rows}행에서 학습한 모델: 행렬의 행은 실제 클래스, 열은 모델이 "
        "예측한 클래스이므로 대각선은 맞힌 것이고 나머지 칸은 틀린 것입니다. *정밀도*: 어떤 "
        "클래스로 예측한 행 가운데 정말 그 클래스인 비율. *재현율*: 한 클래스의 행 가운데 "
        "찾아낸 비율."
    ),
    "errors.col.true": "실제 클래스",
    "errors.col.predicted": "예측 {name}",
    "errors.col.class": "클래스",
    "errors.col.test_rows": "테스트 행",
    "errors.col.predicted_as": "그 클래스로 예측",
    "errors.col.precision": "정밀도",
    "errors.col.recall": "재현율",
    "compute.heading": "레이어별 연산량",
    "compute.intro": (
        "Dense 레이어는 샘플마다 `n_in x n_out`번의 곱셈-덧셈 (MACs)을 하고, 하나에 2 FLOPs입니다. "
        "원소별 연산은 노드와 샘플마다 셉니다: 상수(bias) 더하기 1, 그다음 활성화 함수: "
        "linear 0, relu 1 (max 하나), sigmoid 4 (`1 / (1 + exp(-x))`: 부호 바꾸기, exp, 더하기, "
        "나누기), tanh 5 (`1 - 2 / (exp(2x) + 1)`), gelu 5 (`0.5 x (1 + erf(x / sqrt 2))`), "
        "softmax 5 (exp, erf, 나누기는 각각 연산 하나); "
        "BatchNorm 4 (배치 평균과 분산, 그다음 `x * scale + shift`), Dropout 1 (마스크). "
        "순전파 FLOPs = `2 x MACs + elementwise`. 학습은 순전파 + 역전파 ~ 3 x 순전파를 "
        "에포크마다 학습 행 {n_train}개 각각에 씁니다. 활성화 메모리: 배치 {batch}개에 대한 "
        "레이어마다의 float32 출력으로, 역전파를 위해 남겨 둡니다."
    ),
    "compute.col.layer": "레이어",
    "compute.col.type": "종류",
    "compute.col.macs": "MACs / 샘플",
    "compute.col.elementwise": "원소별 연산 / 샘플",
    "compute.col.forward": "순전파 FLOPs / 샘플",
    "compute.col.training": "학습 FLOPs / 에포크",
    "compute.col.activation": "활성화 byte / 배치",
    "compute.total": "합계",
    "compute.forward": "순전파 FLOPs / 샘플",
    "compute.training": "학습 FLOPs / 에포크",
    "compute.activation": "활성화 메모리 / 배치",
    "compute.pending": "아직 잰 학습 시간이 없습니다: 학습이 끝나면 시간 분석이 나옵니다.",
    "compute.time_split": (
        "이 학습은 **{flops}** ({n_train}행으로 {epochs} 에포크 학습하고 테스트 {n_test}행을 "
        "한 번 순전파)를 **{seconds:.2f} s**에 했습니다: 달성한 속도 **{achieved}**. 이 호스트의 "
        "학습이 추가 FLOP마다 내는 {calibrated} (`bench.calibrate_cost`가 실제 학습으로 맞춤)로 "
        "계산하면 연산만으로는 약 {math_seconds}, 시간의 **{math_fraction:.1%}**입니다. 나머지 "
        "{overhead:.1%}는 작은 행렬 위의 작은 연산 여럿을 {steps:,} 스텝 돌리는 오버헤드입니다: "
        "연산마다의 실행, 모든 가중치의 옵티마이저 갱신, 모델 만들기, 지표."
    ),
    "compare.heading": "실행 비교",
    "compare.already": "이 실행은 이미 고정되어 있습니다.",
    "compare.full": "고정은 최대 {max}개입니다: 먼저 하나를 푸세요.",
    "compare.training_pin": "고정 {number} 학습 중 (또는 캐시에서 가져오는 중)...",
    "compare.pin_error": "고정 {number}: {error}",
    "compare.pin_button": "이 실행 고정하기 ({count} / {max} 고정됨)",
    "compare.empty": "고정한 실행은 여기에 나란히 나오고, 공유 링크에 함께 담깁니다.",
    "compare.this_run": "이 실행",
    "compare.unpin": "고정 {number} 풀기",
    "compare.clear": "고정 모두 풀기",
    "compare.col.run": "실행",
    "compare.col.widths": "노드 수",
    "compare.col.parameters": "파라미터 개수",
    "compare.col.test_accuracy": "테스트 정확도",
    "compare.col.seconds": "학습 시간 (s)",
    "compare.col.keras_bytes": ".keras byte",
    "compare.col.data": "데이터",
    "compare.col.batchnorm": "BatchNorm",
    "compare.col.dropout": "드롭아웃",
    "compare.col.optimizer": "옵티마이저",
    "compare.col.learning_rate": "학습률",
    "compare.col.epochs": "에포크",
    "compare.col.batch": "배치",
    "compare.col.seed": "시드",
    "compare.on": "켜짐",
    "compare.off": "꺼짐",
    "export.heading": "가져가기",
    "export.note": (
        "이 스크립트는 그냥 케라스로 내 모델을 다시 만듭니다: 같은 레이어, 이름, 활성화 함수, "
        "BatchNorm과 드롭아웃, 옵티마이저 (이름과 학습률), loss, 지표, 층화 분할과 시드. 그리고 "
        "그냥 `model.fit`으로 학습합니다. 그래서 `model.count_params()`와 `{saved}`의 파일 "
        "사이즈는 이 페이지의 것과 같습니다. 이 페이지의 학습기는 케라스와 같은 스텝을 돌리며, "
        "같은 가중치와 같은 배치에서 케라스의 `train_on_batch`와 같음을 확인했습니다. 다만 "
        "`fit`은 자기 순서로 행을 섞고 드롭아웃 마스크를 뽑으므로, 스크립트의 정확도와 곡선은 "
        "그 우연만큼만 이 페이지와 맞습니다 (원글의 모델로 시드 10개: 둘 다 평균 테스트 정확도 "
        "0.963)."
    ),
    "export.download": "{name} 내려받기",
    # A user's CSV (components/core/csv_table.py, components/ui/csv_upload.py).
    "upload.label": "내 CSV",
    "upload.help": (
        "헤더 행, 그리고 예제마다 한 행: 숫자 feature 열들과 label 열 (아무 글자). 최대 {mb} "
        "MB, {rows:,}행, feature 열 {features}개, 클래스 {min}-{max}개. 쉼표, 세미콜론, "
        "탭으로 구분. 이 세션 동안 이 서버에만 있고, 링크에는 담기지 않습니다."
    ),
    "upload.label_column": "label 열",
    "upload.label_column.help": "행마다의 클래스가 있는 열. 나머지 열은 모두 feature입니다.",
    "upload.link_note": (
        "링크는 업로드한 파일을 담을 수 없습니다: 이 링크는 같은 설정을 iris로 엽니다."
    ),
    "csv.too_big": "파일이 {size} MB입니다. 한도는 {limit} MB입니다.",
    "csv.line_width": (
        "{line}번째 줄에 {values}가 있지만 헤더는 {columns}열입니다. 모든 행은 열마다 값이 "
        "하나씩 있어야 합니다."
    ),
    "csv.too_many_rows": "데이터 행이 {max:,}개보다 많습니다. 한도는 {max:,}개입니다.",
    "csv.invalid_near": (
        "{line}번째 줄 근처가 올바른 CSV가 아닙니다. 닫히지 않은 따옴표가 있는지 확인하세요."
    ),
    "csv.empty": "파일이 비어 있습니다. 헤더 행과 데이터 행이 있는 CSV를 올리세요.",
    "csv.no_rows": "헤더 행은 있지만 데이터 행이 없습니다.",
    "csv.looks_like": "CSV가 아니라 {kind}인 것 같습니다. 먼저 CSV로 저장하거나 내보내세요.",
    "csv.kind.zip": "zip 압축 파일이나 엑셀 .xlsx 통합 문서",
    "csv.kind.xls": "예전 엑셀 .xls나 오피스 파일",
    "csv.kind.png": "PNG 이미지",
    "csv.kind.jpeg": "JPEG 이미지",
    "csv.kind.gif": "GIF 이미지",
    "csv.kind.pdf": "PDF 문서",
    "csv.utf16": "파일이 UTF-16 텍스트입니다. CSV (UTF-8)로 저장해서 올리세요.",
    "csv.binary": (
        "텍스트 CSV가 아닙니다 (바이너리 데이터가 들어 있음). 쉼표, 세미콜론, 탭으로 구분한 "
        "텍스트 파일을 올리세요."
    ),
    "csv.numbers_header": (
        "첫 행에 열 이름이 아니라 숫자가 있습니다. `sepal_length,sepal_width,species` 같은 "
        "헤더 행을 넣으세요."
    ),
    "csv.name_twice": "열 이름 {name}이(가) 두 번 나옵니다. 열마다 자기 이름이 있어야 합니다.",
    "csv.one_column": (
        "열이 하나뿐입니다 ({name}). 쉼표, 세미콜론, 탭으로 구분한 feature 열들과 label 열이 "
        "있어야 합니다."
    ),
    "csv.too_many_features": "feature 열이 {n}개입니다. 한도는 {max}개입니다.",
    "csv.no_column": "{name} 열이 없습니다. 열은 {shown}{more}입니다.",
    "csv.more": " 외 {n}개",
    "csv.missing": "{name} 열의 {line}번째 줄에 값이 없습니다. 채우거나 그 행을 지우세요.",
    "csv.non_numeric": (
        "{name} 열의 {line}번째 줄에 숫자가 아닌 값 {cell}이(가) 있습니다. feature 열에는 "
        "숫자만 올 수 있습니다 (글자는 label 열에만)."
    ),
    "csv.too_large": "{name} 열에 float32로는 너무 큰 숫자가 있습니다 (3.4e38 초과).",
    "csv.label_empty": (
        "label 열 {name}이(가) {line}번째 줄에서 비어 있습니다. 모든 행에 label이 있어야 합니다."
    ),
    "csv.one_class": (
        "label 열 {name}에 클래스가 하나뿐입니다 ({value}). 분류 모델에는 클래스가 "
        "{min}개에서 {max}개 필요합니다."
    ),
    "csv.too_many_classes": (
        "label 열 {name}에 서로 다른 값이 {n:,}개 있습니다. 분류 모델에는 클래스가 "
        "{min}개에서 {max}개 필요합니다 (맞는 label 열인가요?)."
    ),
    "csv.scarce_one": (
        "클래스 {shown}의 행이 하나뿐입니다. 학습 데이터와 테스트 데이터 모두에 들어가도록 "
        "클래스마다 {min}행 이상이 필요합니다."
    ),
    "csv.scarce_many": (
        "클래스 {shown}의 행이 하나뿐입니다. 학습 데이터와 테스트 데이터 모두에 들어가도록 "
        "클래스마다 {min}행 이상이 필요합니다."
    ),
    "csv.too_few_rows": (
        "행이 {rows}개입니다. 클래스가 {classes}개이면 {fraction:.0%} 테스트 데이터에 모든 "
        "클래스가 들어가도록 {needed}행 이상이 필요합니다."
    ),
    "csv.summary": "{rows}, {features}, {classes} (label 열 {label})",
    "csv.n.value.one": "값 {n}개",
    "csv.n.value.many": "값 {n}개",
    "csv.n.row.one": "{n}행",
    "csv.n.row.many": "{n}행",
    "csv.n.feature.one": "숫자 feature {n}개",
    "csv.n.feature.many": "숫자 feature {n}개",
    "csv.n.class.one": "클래스 {n}개",
    "csv.n.class.many": "클래스 {n}개",
    "engine.busy": ("서버가 다른 방문자의 작업 {jobs}개로 바쁩니다. 잠시 뒤에 다시 해 보세요."),
    "engine.superseded": "더 새로운 요청이 이 요청을 대신했습니다.",
    "engine.queue_timeout": (
        "{seconds:g} s 동안 빈 워커가 없었습니다{why}. 서버가 바쁩니다: 잠시 뒤에 다시 해 보세요."
    ),
    "engine.noun.training": "학습",
    "engine.noun.measurement": "측정",
    "engine.job_superseded": "더 새로운 요청이 이 {noun}을(를) 대신했습니다.",
    "engine.measure_timeout": "파일 사이즈 측정이 너무 오래 걸려서 멈췄습니다.",
    "engine.what.training": "학습 워커",
    "engine.what.measuring": "파일 사이즈를 재는 워커",
    "engine.lost": (
        "{what}가 갑자기 멈췄습니다 (메모리가 모자랐을 수 있습니다). 새 워커가 시작하는 "
        "중입니다: 컨트롤을 바꾸거나 새로 고쳐서 다시 해 보세요."
    ),
    "engine.cancelled": "이 {noun}은(는) 취소되었습니다.",
    "engine.diverged": (
        "학습이 {epoch} 에포크에서 발산했습니다: loss가 NaN이나 무한대가 되어 가중치가 더 이상 "
        "숫자가 아닙니다. 거기서 멈추고 아무것도 남기지 않았습니다. 이 모델에는 학습률이 너무 "
        "커서 한 걸음이 너무 큽니다: 더 작은 학습률을 써 보세요."
    ),
    "engine.failed": "이 {noun}은(는) 워커에서 실패했습니다: {detail}",
    "engine.train_timeout": (
        "학습이 시간 제한 {limit:g} s를 넘겨서 멈췄습니다. 에포크를 줄이거나, 배치를 "
        "키우거나, 노드 수를 줄여 보세요."
    ),
    "engine.worker_failed": " (워커를 시작하지 못했습니다: {reason})",
    "engine.unreachable": (
        "학습 클러스터에 연결할 수 없습니다 (Dask 스케줄러 {address}). 서버가 계속 다시 "
        "연결하고 있습니다: 잠시 뒤에 다시 해 보세요."
    ),
}
