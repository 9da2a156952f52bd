<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ControlsPanel</name>
    <message>
        <source>Tiny (1 layer, d=32)</source>
        <translation>微型（1 层，d=32）</translation>
    </message>
    <message>
        <source>Small (2 layers, d=64)</source>
        <translation>小型（2 层，d=64）</translation>
    </message>
    <message>
        <source>Standard (4 layers, d=128)</source>
        <translation>标准（4 层，d=128）</translation>
    </message>
</context>
<context>
    <name>Glossary</name>
    <message>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>&lt;p&gt;A single number that says how wrong the model&apos;s predictions are on a batch of examples. Training changes the weights a little at each step so that the loss goes down.&lt;/p&gt;&lt;p&gt;LossLab trains one model on two tasks at once and mixes their losses:&lt;/p&gt;&lt;p style=&apos;font-size:large&apos;&gt;&lt;b&gt;L = λ·L&lt;sub&gt;LM&lt;/sub&gt; + (1 − λ)·L&lt;sub&gt;CE&lt;/sub&gt;&lt;/b&gt;&lt;/p&gt;&lt;p&gt;L&lt;sub&gt;LM&lt;/sub&gt; is the language-model loss (predict the next character), L&lt;sub&gt;CE&lt;/sub&gt; the classification loss (predict the class of the whole text), and λ (lambda) the share of the first. With λ = 1 only the language model learns; with λ = 0 only the classifier.&lt;/p&gt;</source>
        <translation>&lt;p&gt;损失是一个数，衡量模型在一批样本上的预测错得有多厉害。训练时每一步都会稍微调整权重，让损失下降。&lt;/p&gt;&lt;p&gt;LossLab 让同一个模型同时学习两个任务，并把两者的损失混合起来：&lt;/p&gt;&lt;p style=&apos;font-size:large&apos;&gt;&lt;b&gt;L = λ·L&lt;sub&gt;LM&lt;/sub&gt; + (1 − λ)·L&lt;sub&gt;CE&lt;/sub&gt;&lt;/b&gt;&lt;/p&gt;&lt;p&gt;L&lt;sub&gt;LM&lt;/sub&gt; 是语言模型损失（预测下一个字符），L&lt;sub&gt;CE&lt;/sub&gt; 是分类损失（预测整段文本的类别），λ（lambda）是前者所占的比重。λ = 1 时只有语言模型在学习；λ = 0 时只有分类器在学习。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Cross-entropy</source>
        <translation>交叉熵</translation>
    </message>
    <message>
        <source>&lt;p&gt;The loss of a prediction that is a probability distribution p over the possible answers, against a target distribution q:&lt;/p&gt;&lt;p style=&apos;font-size:large&apos;&gt;&lt;b&gt;CE = − Σ&lt;sub&gt;k&lt;/sub&gt; q&lt;sub&gt;k&lt;/sub&gt; · log p&lt;sub&gt;k&lt;/sub&gt;&lt;/b&gt;&lt;/p&gt;&lt;p&gt;With a one-hot target it is − log p of the correct answer: 0 when the model is certain and right, large when it gives the right answer a small probability. A model that guesses uniformly among V answers has CE = log V (for 3 classes, 1.10).&lt;/p&gt;</source>
        <translation>&lt;p&gt;当预测是在所有可能答案上的概率分布 p 时，它相对于目标分布 q 的损失：&lt;/p&gt;&lt;p style=&apos;font-size:large&apos;&gt;&lt;b&gt;CE = − Σ&lt;sub&gt;k&lt;/sub&gt; q&lt;sub&gt;k&lt;/sub&gt; · log p&lt;sub&gt;k&lt;/sub&gt;&lt;/b&gt;&lt;/p&gt;&lt;p&gt;若目标是 one-hot，它就是正确答案的 − log p：模型既确定又正确时为 0，给正确答案的概率很小时则很大。在 V 个答案中均匀乱猜的模型，CE = log V（3 个类别时为 1.10）。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Label smoothing</source>
        <translation>标签平滑</translation>
    </message>
    <message>
        <source>&lt;p&gt;Instead of asking for all the probability on the correct answer, the target keeps 1 − ε + ε/V for it and gives ε/V to each of the V answers (ε, epsilon, is the slider “label smoothing”).&lt;/p&gt;&lt;p&gt;The model is then never rewarded for being completely sure, so the smoothed loss can no longer reach 0: its floor is the entropy of the smoothed target. In return the model is often better calibrated, especially when some labels are wrong.&lt;/p&gt;</source>
        <translation>&lt;p&gt;目标不再要求把全部概率都放在正确答案上：正确答案保留 1 − ε + ε/V，V 个答案各分得 ε/V（ε 即 epsilon，就是“标签平滑”滑块）。&lt;/p&gt;&lt;p&gt;这样模型永远不会因为百分之百确定而得到奖励，所以平滑后的损失再也降不到 0：它的下限是平滑目标的熵。作为回报，模型的校准往往更好，尤其是在部分标签有错的时候。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Perplexity</source>
        <translation>困惑度</translation>
    </message>
    <message>
        <source>&lt;p&gt;e raised to the language-model cross-entropy (without smoothing): &lt;b&gt;PPL = exp(L&lt;sub&gt;LM&lt;/sub&gt;)&lt;/b&gt;.&lt;/p&gt;&lt;p&gt;It reads as “the model hesitates between this many characters on average”. A model that knows nothing has a perplexity equal to the vocabulary size; a perfect one has 1. LossLab reports it on the validation set, which the model never trains on.&lt;/p&gt;</source>
        <translation>&lt;p&gt;以 e 为底、语言模型交叉熵（不含平滑）为指数：&lt;b&gt;PPL = exp(L&lt;sub&gt;LM&lt;/sub&gt;)&lt;/b&gt;。&lt;/p&gt;&lt;p&gt;可以理解为“模型平均在这么多个字符之间犹豫”。什么都不懂的模型，困惑度等于词表大小；完美的模型为 1。LossLab 在验证集上报告困惑度，模型从不在验证集上训练。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Calibration (ECE)</source>
        <translation>校准（ECE）</translation>
    </message>
    <message>
        <source>&lt;p&gt;A classifier is calibrated when its confidence matches its accuracy: of all the answers it gives with 80% confidence, about 80% are right.&lt;/p&gt;&lt;p&gt;The &lt;b&gt;reliability diagram&lt;/b&gt; sorts validation examples by confidence into bins and draws each bin&apos;s accuracy; a calibrated model lies on the diagonal. The &lt;b&gt;expected calibration error (ECE)&lt;/b&gt; is the average gap between confidence and accuracy, weighted by how many examples each bin holds: 0 is perfect.&lt;/p&gt;</source>
        <translation>&lt;p&gt;如果分类器的置信度与准确率相符，就称它是校准良好的：在它以 80% 置信度给出的所有答案中，大约 80% 是对的。&lt;/p&gt;&lt;p&gt;&lt;b&gt;可靠性图&lt;/b&gt;按置信度把验证样本分入若干区间，画出每个区间的准确率；校准良好的模型落在对角线上。&lt;b&gt;期望校准误差（ECE）&lt;/b&gt;是置信度与准确率之差的平均值，按各区间的样本数加权：0 表示完美。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>&lt;p&gt;How big a step the optimiser (AdamW) takes on the weights at each training step.&lt;/p&gt;&lt;p&gt;Too small and the loss falls slowly; too large and the steps overshoot, the loss jumps up and may diverge to infinity (LossLab&apos;s spike guard then stops the run). &lt;b&gt;Warmup&lt;/b&gt; raises the rate from 0 over the first steps, and a &lt;b&gt;schedule&lt;/b&gt; (cosine, linear) lowers it towards the end, so that the model settles.&lt;/p&gt;</source>
        <translation>&lt;p&gt;优化器（AdamW）在每个训练步对权重迈出的步子有多大。&lt;/p&gt;&lt;p&gt;太小，损失下降缓慢；太大，步子会冲过头，损失跳升，甚至发散到无穷大（此时 LossLab 的尖峰保护会停止该运行）。&lt;b&gt;预热&lt;/b&gt;在最初若干步内把学习率从 0 逐渐升高，&lt;b&gt;学习率调度&lt;/b&gt;（余弦、线性）在后期把它降低，让模型稳定下来。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>&lt;p&gt;The share of validation texts whose most probable class is the correct one. Unlike the loss it ignores how confident the model was: two models with the same accuracy can have very different losses and calibration.&lt;/p&gt;</source>
        <translation>&lt;p&gt;验证集文本中，最可能的类别就是正确类别的比例。与损失不同，它不考虑模型有多自信：准确率相同的两个模型，损失和校准可能相差很大。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Training and validation</source>
        <translation>训练集与验证集</translation>
    </message>
    <message>
        <source>&lt;p&gt;The data set is split in two. The model learns from the &lt;b&gt;training&lt;/b&gt; split; the &lt;b&gt;validation&lt;/b&gt; split is only used to measure it. A training loss that keeps falling while the validation loss rises is &lt;b&gt;overfitting&lt;/b&gt;: the model memorises its examples instead of learning what generalises.&lt;/p&gt;</source>
        <translation>&lt;p&gt;数据集被分成两部分。模型从&lt;b&gt;训练集&lt;/b&gt;中学习；&lt;b&gt;验证集&lt;/b&gt;只用来衡量模型。如果训练损失一直下降而验证损失却在上升，就是&lt;b&gt;过拟合&lt;/b&gt;：模型在死记训练样本，而没有学到可以泛化的规律。&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>LessonLibrary</name>
    <message>
        <source>lesson &apos;%1&apos;: can&apos;t open %2 (%3)</source>
        <translation>课程“%1”：无法打开 %2（%3）</translation>
    </message>
</context>
<context>
    <name>SettingHelp</name>
    <message>
        <source>Number of Transformer blocks stacked in the shared trunk.</source>
        <translation>共享主干中堆叠的 Transformer 块的数量。</translation>
    </message>
    <message>
        <source>Attention heads per block; the model width must divide by it.</source>
        <translation>每个块的注意力头数；模型宽度必须能被它整除。</translation>
    </message>
    <message>
        <source>Model width d: the size of every token&apos;s vector.</source>
        <translation>模型宽度 d：每个词元向量的维度。</translation>
    </message>
    <message>
        <source>Longest input in tokens, the start token included. Longer texts are cut.</source>
        <translation>输入的最大长度（词元数），包括起始词元。更长的文本会被截断。</translation>
    </message>
    <message>
        <source>How to read the data file: auto, csv, tsv, fasttext, folder or text.</source>
        <translation>数据文件的读取方式：auto、csv、tsv、fasttext、folder 或 text。</translation>
    </message>
    <message>
        <source>Examples per training step. Larger batches give smoother, slower steps.</source>
        <translation>每个训练步的样本数。批越大，每一步越平稳，但也越慢。</translation>
    </message>
    <message>
        <source>Seed of the initial weights, the train/validation split and the batch order. The same seed gives the same run.</source>
        <translation>初始权重、训练集/验证集划分和批次顺序所用的随机种子。种子相同，运行结果也相同。</translation>
    </message>
    <message>
        <source>Weight of the LM loss: L = λ·L_LM + (1−λ)·L_CE.</source>
        <translation>LM 损失的权重：L = λ·L_LM + (1−λ)·L_CE。</translation>
    </message>
    <message>
        <source>Label smoothing ε of both cross-entropies.</source>
        <translation>两个交叉熵共用的标签平滑系数 ε。</translation>
    </message>
    <message>
        <source>Peak learning rate of AdamW.</source>
        <translation>AdamW 的峰值学习率。</translation>
    </message>
    <message>
        <source>Adam β1: how much of the previous gradient direction is kept (momentum).</source>
        <translation>Adam β1：保留多少之前的梯度方向（动量）。</translation>
    </message>
    <message>
        <source>Adam β2: how slowly the running size of the gradients changes.</source>
        <translation>Adam β2：梯度大小的滑动估计变化得有多慢。</translation>
    </message>
    <message>
        <source>Adam ε: keeps the update finite where gradients are tiny.</source>
        <translation>Adam ε：在梯度极小时保持更新量有限。</translation>
    </message>
    <message>
        <source>AdamW weight decay: pulls the weight matrices towards zero a little every step.</source>
        <translation>AdamW 权重衰减：每一步都把权重矩阵稍微拉向零。</translation>
    </message>
    <message>
        <source>Largest gradient norm allowed; larger gradients are scaled down. 0 turns clipping off.</source>
        <translation>允许的最大梯度范数；更大的梯度会被缩小。设为 0 则关闭梯度裁剪。</translation>
    </message>
    <message>
        <source>Steps over which the learning rate rises linearly from 0 to its peak.</source>
        <translation>学习率从 0 线性升至峰值所用的步数。</translation>
    </message>
    <message>
        <source>Learning rate after warm-up: cosine decay, or constant.</source>
        <translation>预热之后的学习率：余弦衰减，或保持不变。</translation>
    </message>
    <message>
        <source>Steps the cosine schedule spans, from the peak down to its end value.</source>
        <translation>余弦调度覆盖的步数，从峰值降到最终值。</translation>
    </message>
    <message>
        <source>The cosine schedule ends at this fraction of the peak learning rate.</source>
        <translation>余弦调度结束时的学习率占峰值学习率的比例。</translation>
    </message>
    <message>
        <source>Steps to train before the run stops by itself.</source>
        <translation>训练多少步后运行自动停止。</translation>
    </message>
    <message>
        <source>Worker threads of the run; 0 uses every core. The numbers do not depend on it.</source>
        <translation>运行使用的工作线程数；0 表示使用所有核心。计算结果与线程数无关。</translation>
    </message>
    <message>
        <source>Evaluate on the validation set every N steps; 0 never.</source>
        <translation>每 N 步在验证集上评估一次；0 表示从不评估。</translation>
    </message>
    <message>
        <source>Validation batches per evaluation.</source>
        <translation>每次评估使用的验证批次数。</translation>
    </message>
    <message>
        <source>The data set: builtin:en, builtin:zh, or a file or folder.</source>
        <translation>数据集：builtin:en、builtin:zh，或某个文件或文件夹。</translation>
    </message>
    <message>
        <source>Content hash of the data set the run used.</source>
        <translation>该运行所用数据集的内容哈希。</translation>
    </message>
</context>
<context>
    <name>losslab::ui::AdvancedPanel</name>
    <message>
        <source>Advanced settings</source>
        <translation>高级设置</translation>
    </message>
    <message>
        <source>Optimiser, schedule, evaluation, model shape and seed.
Settings marked ↻ take effect after a reset.</source>
        <translation>优化器、学习率调度、评估、模型结构和随机种子。
标有 ↻ 的设置在重置后生效。</translation>
    </message>
    <message>
        <source>Live: applies at the next step.</source>
        <translation>实时：下一步即生效。</translation>
    </message>
    <message>
        <source>Takes effect after a reset.</source>
        <translation>重置后生效。</translation>
    </message>
</context>
<context>
    <name>losslab::ui::ChartPanel</name>
    <message>
        <source>LM only</source>
        <translation>仅 LM</translation>
    </message>
    <message>
        <source>CE only</source>
        <translation>仅 CE</translation>
    </message>
    <message>
        <source>diverged</source>
        <translation>发散</translation>
    </message>
    <message>
        <source>rolled back</source>
        <translation>已回滚</translation>
    </message>
    <message>
        <source>LM loss  (next character)</source>
        <translation>LM 损失  （预测下一个字符）</translation>
    </message>
    <message>
        <source>CE loss  (classification)</source>
        <translation>CE 损失  （分类）</translation>
    </message>
    <message>
        <source>Total loss  L = λ·L_LM + (1−λ)·L_CE</source>
        <translation>总损失  L = λ·L_LM + (1−λ)·L_CE</translation>
    </message>
    <message>
        <source>Accuracy and perplexity</source>
        <translation>准确率与困惑度</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>perplexity</source>
        <translation>困惑度</translation>
    </message>
    <message>
        <source>λ, ε</source>
        <translation>λ, ε</translation>
    </message>
    <message>
        <source>lr</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>tokens seen</source>
        <translation>已见词元数</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <source>Smoothing</source>
        <translation>平滑</translation>
    </message>
    <message>
        <source>Smoothing of the training curves, as TensorBoard does it (debiased EMA, 0–0.999).
The raw curve stays faint behind the smoothed one.</source>
        <translation>训练曲线的平滑，做法与 TensorBoard 相同（去偏 EMA，0–0.999）。
原始曲线以浅色留在平滑曲线后面。</translation>
    </message>
    <message>
        <source>Log y</source>
        <translation>对数 y 轴</translation>
    </message>
    <message>
        <source>Logarithmic loss axis: small changes at low loss become visible</source>
        <translation>对数损失轴：低损失处的微小变化也能看清</translation>
    </message>
    <message>
        <source>x: steps</source>
        <translation>x：步数</translation>
    </message>
    <message>
        <source>x: tokens seen</source>
        <translation>x：已见词元数</translation>
    </message>
    <message>
        <source>Horizontal axis: optimiser steps, or training tokens seen</source>
        <translation>横轴：优化器步数，或已见的训练词元数</translation>
    </message>
    <message>
        <source>Reset zoom</source>
        <translation>重置缩放</translation>
    </message>
    <message>
        <source>Drag a rectangle on a chart to zoom; double-click or right-click (or this button) to reset</source>
        <translation>在图表上拖出一个矩形即可放大；双击或右键（或点此按钮）可还原</translation>
    </message>
    <message>
        <source>Drag to zoom · double-click to reset · hover for values</source>
        <translation>拖动以缩放 · 双击还原 · 悬停查看数值</translation>
    </message>
    <message>
        <source>chance</source>
        <translation>随机水平</translation>
    </message>
    <message>
        <source>floor H(q) = %1  (ε = %2)</source>
        <translation>下限 H(q) = %1  （ε = %2）</translation>
    </message>
    <message>
        <source>chance: λ ln V + (1−λ) ln C = %1</source>
        <translation>随机水平：λ ln V + (1−λ) ln C = %1</translation>
    </message>
    <message>
        <source>chance: ln V = %1</source>
        <translation>随机水平：ln V = %1</translation>
    </message>
    <message>
        <source>chance: ln C = %1</source>
        <translation>随机水平：ln C = %1</translation>
    </message>
    <message>
        <source>%1 raw</source>
        <translation>%1 原始</translation>
    </message>
    <message>
        <source>%1 H(q) floor</source>
        <translation>%1 H(q) 下限</translation>
    </message>
    <message>
        <source>%1 validation</source>
        <translation>%1 验证</translation>
    </message>
    <message>
        <source>%1 accuracy raw</source>
        <translation>%1 准确率（原始）</translation>
    </message>
    <message>
        <source>%1 accuracy</source>
        <translation>%1 准确率</translation>
    </message>
    <message>
        <source>%1 perplexity</source>
        <translation>%1 困惑度</translation>
    </message>
    <message>
        <source>%1 val accuracy</source>
        <translation>%1 验证准确率</translation>
    </message>
    <message>
        <source>%1 val perplexity</source>
        <translation>%1 验证困惑度</translation>
    </message>
</context>
<context>
    <name>losslab::ui::ConfusionMatrixView</name>
    <message>
        <source>Confusion matrix</source>
        <translation>混淆矩阵</translation>
    </message>
    <message>
        <source>rows: true class · columns: predicted</source>
        <translation>行：真实类别 · 列：预测类别</translation>
    </message>
    <message>
        <source>no validation report yet</source>
        <translation>尚无验证结果</translation>
    </message>
</context>
<context>
    <name>losslab::ui::ContributionBars</name>
    <message>
        <source>λ·L_LM %1</source>
        <translation>λ·L_LM %1</translation>
    </message>
    <message>
        <source>(1−λ)·L_CE %1</source>
        <translation>(1−λ)·L_CE %1</translation>
    </message>
    <message>
        <source>LM term: %1 of L</source>
        <translation>LM 项：占 L 的 %1</translation>
    </message>
    <message>
        <source>CE term: %1 of L</source>
        <translation>CE 项：占 L 的 %1</translation>
    </message>
</context>
<context>
    <name>losslab::ui::ControlsPanel</name>
    <message>
        <source>Live settings (selected runs)</source>
        <translation>实时设置（所选运行）</translation>
    </message>
    <message>
        <source>λ  LM weight</source>
        <translation>λ  LM 权重</translation>
    </message>
    <message>
        <source>λ weighs the two losses: L = λ·L_LM + (1−λ)·L_CE.
λ = 1 trains only next-character prediction (the class head stops learning);
λ = 0 trains only the classifier (the LM loss stops falling).
Applies to the selected runs at the next step.</source>
        <translation>λ 为两种损失加权：L = λ·L_LM + (1−λ)·L_CE。
λ = 1 时只训练下一个字符的预测（分类头停止学习）；
λ = 0 时只训练分类器（LM 损失不再下降）。
在下一步作用于所选运行。</translation>
    </message>
    <message>
        <source>ε  label smoothing</source>
        <translation>ε  标签平滑</translation>
    </message>
    <message>
        <source>Label smoothing ε of both cross-entropies: the target gives 1−ε+ε/K to the right answer
and ε/K to each other one. A larger ε raises the lowest loss the model can reach
(the dotted H(q) line) and makes it less over-confident. Fine steps near 0.
Applies to the selected runs at the next step.</source>
        <translation>两个交叉熵共用的标签平滑系数 ε：目标给正确答案 1−ε+ε/K，
给其余每个答案 ε/K。ε 越大，模型能达到的最低损失越高
（虚线 H(q)），模型也越不容易过度自信。0 附近步进更细。
在下一步作用于所选运行。</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Peak learning rate of AdamW (log scale), before warm-up and the schedule.
Too small: the loss falls slowly. Too large: it jumps around or diverges.
Applies to the selected runs at the next step.</source>
        <translation>AdamW 的峰值学习率（对数刻度），未计入预热和学习率调度。
太小：损失下降缓慢。太大：损失上下跳动或发散。
在下一步作用于所选运行。</translation>
    </message>
    <message>
        <source>Data and model (need a reset)</source>
        <translation>数据与模型（需要重置）</translation>
    </message>
    <message>
        <source>Built-in English</source>
        <translation>内置英文</translation>
    </message>
    <message>
        <source>Built-in Chinese</source>
        <translation>内置中文</translation>
    </message>
    <message>
        <source>Import a file…</source>
        <translation>导入文件…</translation>
    </message>
    <message>
        <source>The labelled texts the model learns from. Changing it starts the run again (reset).</source>
        <translation>模型学习所用的带标签文本。更改后运行将重新开始（重置）。</translation>
    </message>
    <message>
        <source>Size of the Transformer. Bigger learns more but steps more slowly.
Changing it starts the run again (reset).</source>
        <translation>Transformer 的规模。越大学到的越多，但每一步越慢。
更改后运行将重新开始（重置）。</translation>
    </message>
    <message>
        <source>Data set</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Custom (%1 layers, d=%2)</source>
        <translation>自定义（%1 层，d=%2）</translation>
    </message>
</context>
<context>
    <name>losslab::ui::DistributionChart</name>
    <message>
        <source>q (target)</source>
        <translation>q（目标）</translation>
    </message>
    <message>
        <source>p (model)</source>
        <translation>p（模型）</translation>
    </message>
    <message>
        <source>no model yet</source>
        <translation>尚无模型</translation>
    </message>
</context>
<context>
    <name>losslab::ui::ExplainPanel</name>
    <message>
        <source>What the loss is made of</source>
        <translation>损失由什么组成</translation>
    </message>
    <message>
        <source>L = λ · L&lt;sub&gt;LM&lt;/sub&gt; + (1 − λ) · L&lt;sub&gt;CE&lt;/sub&gt;</source>
        <translation>L = λ · L&lt;sub&gt;LM&lt;/sub&gt; + (1 − λ) · L&lt;sub&gt;CE&lt;/sub&gt;</translation>
    </message>
    <message>
        <source>The training loss mixes the language-model loss and the classification loss with the weight λ; both use label smoothing ε</source>
        <translation>训练损失按权重 λ 混合语言模型损失和分类损失；两者都使用标签平滑 ε</translation>
    </message>
    <message>
        <source>The same formula with the numbers of the last training step of the current run</source>
        <translation>同一个公式，代入当前运行最近一个训练步的数值</translation>
    </message>
    <message>
        <source>The step the numbers above come from</source>
        <translation>上面的数值来自哪一步</translation>
    </message>
    <message>
        <source>How much each weighted term adds to L: blue λ·L_LM, vermillion (1−λ)·L_CE</source>
        <translation>每个加权项对 L 的贡献：蓝色为 λ·L_LM，朱红色为 (1−λ)·L_CE</translation>
    </message>
    <message>
        <source>One validation example</source>
        <translation>一个验证样本</translation>
    </message>
    <message>
        <source>Example</source>
        <translation>样本</translation>
    </message>
    <message>
        <source>Which example of the validation split to look at</source>
        <translation>要查看验证集中的哪个样本</translation>
    </message>
    <message>
        <source>Position</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>Which character of the example the LM head predicts (0 = the first; the last position predicts the end of the text)</source>
        <translation>LM 头预测样本中的哪个字符（0 = 第一个；最后一个位置预测文本结束）</translation>
    </message>
    <message>
        <source>The example; the highlighted character is the LM target at the chosen position</source>
        <translation>该样本；高亮的字符是所选位置上的 LM 目标</translation>
    </message>
    <message>
        <source>Class head</source>
        <translation>分类头</translation>
    </message>
    <message>
        <source>For each class: the smoothed target q (green) and the model&apos;s probability p (orange). The true class is highlighted.</source>
        <translation>每个类别的平滑目标 q（绿色）和模型给出的概率 p（橙色）。真实类别高亮显示。</translation>
    </message>
    <message>
        <source>LM head at the chosen position</source>
        <translation>所选位置上的 LM 头</translation>
    </message>
    <message>
        <source>For the target character and the model&apos;s favourites: q (green) and p (orange); &quot;others&quot; sums every remaining character</source>
        <translation>目标字符和模型最看好的几个字符：q（绿色）和 p（橙色）；“其他”是其余所有字符之和</translation>
    </message>
    <message>
        <source>no training step yet</source>
        <translation>尚无训练步</translation>
    </message>
    <message>
        <source>%1 = %2 (no labels: L is the LM loss alone)</source>
        <translation>%1 = %2（无标签：L 就是 LM 损失）</translation>
    </message>
    <message>
        <source>step %1 (last training batch)</source>
        <translation>第 %1 步（最近一个训练批次）</translation>
    </message>
    <message>
        <source> (cut)</source>
        <translation>（已截断）</translation>
    </message>
    <message>
        <source>true class &lt;b&gt;%1&lt;/b&gt;: q = 1 − ε + ε/C = &lt;b&gt;%2&lt;/b&gt;, the other classes ε/C = %3&lt;br&gt;p(true class) = %4 · CE of this example: &lt;b&gt;%5&lt;/b&gt;</source>
        <translation>真实类别 &lt;b&gt;%1&lt;/b&gt;：q = 1 − ε + ε/C = &lt;b&gt;%2&lt;/b&gt;，其他类别 ε/C = %3&lt;br&gt;p(真实类别) = %4 · 该样本的 CE：&lt;b&gt;%5&lt;/b&gt;</translation>
    </message>
    <message>
        <source>others</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>after “%1” the target is “&lt;b&gt;%2&lt;/b&gt;”: q = 1 − ε + ε/V = &lt;b&gt;%3&lt;/b&gt;, the other %4 characters ε/V = %5 each&lt;br&gt;p(target) = %6 · CE here: &lt;b&gt;%7&lt;/b&gt; · L&lt;sub&gt;LM&lt;/sub&gt; of the example (mean of %8 positions): %9</source>
        <translation>在“%1”之后，目标是“&lt;b&gt;%2&lt;/b&gt;”：q = 1 − ε + ε/V = &lt;b&gt;%3&lt;/b&gt;，其余 %4 个字符各为 ε/V = %5&lt;br&gt;p(目标) = %6 · 此处的 CE：&lt;b&gt;%7&lt;/b&gt; · 该样本的 L&lt;sub&gt;LM&lt;/sub&gt;（%8 个位置的平均）：%9</translation>
    </message>
    <message>
        <source>Explain the loss</source>
        <translation>讲解损失</translation>
    </message>
</context>
<context>
    <name>losslab::ui::ExportCommand</name>
    <message>
        <source>%1: no such directory</source>
        <translation>%1：目录不存在</translation>
    </message>
    <message>
        <source>%1: not a directory (expected a run directory that losslab-cli train wrote)</source>
        <translation>%1：不是目录（应为 losslab-cli train 写出的运行目录）</translation>
    </message>
    <message>
        <source>%1: missing (a run directory has metrics.csv and settings.json)</source>
        <translation>%1：缺失（运行目录中应有 metrics.csv 和 settings.json）</translation>
    </message>
    <message>
        <source>note: %1 (drawing without the chance lines)</source>
        <translation>注意：%1（绘图时不画随机水平线）</translation>
    </message>
    <message>
        <source>--export-plot needs --out FILE.png, FILE.svg or FILE.pdf</source>
        <translation>--export-plot 需要 --out FILE.png、FILE.svg 或 FILE.pdf</translation>
    </message>
    <message>
        <source>--out %1: unknown format (expected a file name ending in .png, .svg or .pdf)</source>
        <translation>--out %1：未知格式（文件名应以 .png、.svg 或 .pdf 结尾）</translation>
    </message>
    <message>
        <source>--chart %1: expected one of %2</source>
        <translation>--chart %1：应为以下之一：%2</translation>
    </message>
    <message>
        <source>--size %1: expected WIDTHxHEIGHT in pixels, e.g. 1600x1000</source>
        <translation>--size %1：应为以像素计的 WIDTHxHEIGHT，例如 1600x1000</translation>
    </message>
    <message>
        <source>--dpi %1: expected a whole number, e.g. 192</source>
        <translation>--dpi %1：应为整数，例如 192</translation>
    </message>
    <message>
        <source>--smoothing %1: expected a number from 0 to 0.999</source>
        <translation>--smoothing %1：应为 0 到 0.999 之间的数</translation>
    </message>
</context>
<context>
    <name>losslab::ui::ExportMenu</name>
    <message>
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Dashboard…</source>
        <translation>仪表板(&amp;D)…</translation>
    </message>
    <message>
        <source>Save all charts with a title and the runs&apos; settings as PNG, SVG or PDF</source>
        <translation>将所有图表连同标题和各运行的设置保存为 PNG、SVG 或 PDF</translation>
    </message>
    <message>
        <source>&amp;Chart…</source>
        <translation>图表(&amp;C)…</translation>
    </message>
    <message>
        <source>Save one chart with a title and the runs&apos; settings as PNG, SVG or PDF</source>
        <translation>将单个图表连同标题和各运行的设置保存为 PNG、SVG 或 PDF</translation>
    </message>
    <message>
        <source>C&amp;opy dashboard image</source>
        <translation>复制仪表板图像(&amp;O)</translation>
    </message>
    <message>
        <source>Put a PNG image of the dashboard on the clipboard, to paste into slides</source>
        <translation>将仪表板的 PNG 图像放到剪贴板，便于粘贴到幻灯片中</translation>
    </message>
    <message>
        <source>Metrics &amp;CSV…</source>
        <translation>指标 CSV(&amp;C)…</translation>
    </message>
    <message>
        <source>Every run&apos;s metrics in one CSV: one row per step per run (columns: docs/metrics.md)</source>
        <translation>所有运行的指标存入一个 CSV：每个运行的每一步占一行（各列见 docs/metrics.md）</translation>
    </message>
    <message>
        <source>Metrics &amp;JSON…</source>
        <translation>指标 JSON(&amp;J)…</translation>
    </message>
    <message>
        <source>Every run&apos;s metrics as JSON, one object of columns per run</source>
        <translation>所有运行的指标存为 JSON，每个运行一个按列组织的对象</translation>
    </message>
    <message>
        <source>Exported %1</source>
        <translation>已导出 %1</translation>
    </message>
    <message>
        <source>Export plot</source>
        <translation>导出图表</translation>
    </message>
    <message>
        <source>PNG image (*.png);;SVG vector image (*.svg);;PDF document (*.pdf)</source>
        <translation>PNG 图像 (*.png);;SVG 矢量图 (*.svg);;PDF 文档 (*.pdf)</translation>
    </message>
    <message>
        <source>%1: unknown format (expected a file name ending in .png, .svg or .pdf)</source>
        <translation>%1：未知格式（文件名应以 .png、.svg 或 .pdf 结尾）</translation>
    </message>
    <message>
        <source>Dashboard image copied (%1 × %2 pixels)</source>
        <translation>已复制仪表板图像（%1 × %2 像素）</translation>
    </message>
    <message>
        <source>Export metrics as JSON</source>
        <translation>将指标导出为 JSON</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <source>Export metrics as CSV</source>
        <translation>将指标导出为 CSV</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
</context>
<context>
    <name>losslab::ui::FileActions</name>
    <message>
        <source>Open experiment…</source>
        <translation>打开实验…</translation>
    </message>
    <message>
        <source>Open an experiment file (.losslab): every run as it was saved, paused</source>
        <translation>打开实验文件（.losslab）：所有运行恢复到保存时的状态，处于暂停</translation>
    </message>
    <message>
        <source>Save experiment</source>
        <translation>保存实验</translation>
    </message>
    <message>
        <source>Save every run (settings, event log, curves, model and optimiser state) into the experiment file</source>
        <translation>将所有运行（设置、事件日志、曲线、模型和优化器状态）保存到实验文件</translation>
    </message>
    <message>
        <source>Save experiment as…</source>
        <translation>实验另存为…</translation>
    </message>
    <message>
        <source>Save every run into a new experiment file (.losslab)</source>
        <translation>将所有运行保存到新的实验文件（.losslab）</translation>
    </message>
    <message>
        <source>Open settings…</source>
        <translation>打开设置…</translation>
    </message>
    <message>
        <source>Start a new run with the settings of a settings file (.json) that LossLab or losslab-cli wrote</source>
        <translation>按设置文件（.json，由 LossLab 或 losslab-cli 写出）中的设置开始一个新运行</translation>
    </message>
    <message>
        <source>Save settings…</source>
        <translation>保存设置…</translation>
    </message>
    <message>
        <source>Save the current run&apos;s settings and event log (.json); losslab-cli train --replay reproduces the run exactly</source>
        <translation>保存当前运行的设置和事件日志（.json）；losslab-cli train --replay 可精确复现该运行</translation>
    </message>
    <message>
        <source>Save metrics CSV…</source>
        <translation>保存指标 CSV…</translation>
    </message>
    <message>
        <source>Save the current run&apos;s metrics, one row per step (metrics.csv)</source>
        <translation>保存当前运行的指标，每步一行（metrics.csv）</translation>
    </message>
    <message>
        <source>Clear recent files</source>
        <translation>清除最近文件</translation>
    </message>
    <message>
        <source>Forget the list of recently used files</source>
        <translation>清空最近使用的文件列表</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Open recent</source>
        <translation>最近打开</translation>
    </message>
    <message>
        <source>Experiments and settings files used lately</source>
        <translation>最近使用的实验和设置文件</translation>
    </message>
    <message>
        <source>Autosave</source>
        <translation>自动保存</translation>
    </message>
    <message>
        <source>How often every run is saved in the background while runs are live, to be restored after a crash</source>
        <translation>运行进行期间在后台保存所有运行的频率，以便崩溃后恢复</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>关闭</translation>
    </message>
    <message numerus="yes">
        <source>Every %n minute(s)</source>
        <translation>
            <numerusform>每 %n 分钟</numerusform>
        </translation>
    </message>
    <message>
        <source>Never save in the background</source>
        <translation>从不在后台保存</translation>
    </message>
    <message numerus="yes">
        <source>Save every run in the background every %n minute(s)</source>
        <translation>
            <numerusform>每 %n 分钟在后台保存一次所有运行</numerusform>
        </translation>
    </message>
    <message>
        <source>LossLab experiments (*.losslab)</source>
        <translation>LossLab 实验 (*.losslab)</translation>
    </message>
    <message>
        <source>Settings files (*.json)</source>
        <translation>设置文件 (*.json)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <source>Open experiment</source>
        <translation>打开实验</translation>
    </message>
    <message>
        <source>Open settings</source>
        <translation>打开设置</translation>
    </message>
    <message>
        <source>Save settings</source>
        <translation>保存设置</translation>
    </message>
    <message>
        <source>Save metrics CSV</source>
        <translation>保存指标 CSV</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>LossLab</source>
        <translation>LossLab</translation>
    </message>
    <message>
        <source>%1 – LossLab</source>
        <translation>%1 – LossLab</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1 is not there.&lt;/b&gt; It may have been moved or deleted.</source>
        <translation>&lt;b&gt;%1 不存在。&lt;/b&gt;它可能已被移动或删除。</translation>
    </message>
    <message>
        <source>&lt;b&gt;LossLab can&apos;t open %1.&lt;/b&gt; It opens experiments (.losslab) and settings files (.json); to train on a data file, choose it under Data in the controls.</source>
        <translation>&lt;b&gt;LossLab 无法打开 %1。&lt;/b&gt;它能打开实验（.losslab）和设置文件（.json）；若要用某个数据文件训练，请在控制面板的“数据集”中选择它。</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1 was written by a newer version of LossLab&lt;/b&gt; and this version can&apos;t read it. Nothing was changed. Update LossLab to open it.</source>
        <translation>&lt;b&gt;%1 由更新版本的 LossLab 写出&lt;/b&gt;，当前版本无法读取。未做任何更改。请更新 LossLab 后再打开。</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1 can&apos;t be opened; nothing was changed.&lt;/b&gt; What is wrong, field by field:%2</source>
        <translation>&lt;b&gt;%1 无法打开；未做任何更改。&lt;/b&gt;逐个字段列出的问题：%2</translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;%1 holds a log of %n change(s)&lt;/b&gt; made while its run trained (the first at step %2). A new run in the window starts at step 0 and does not apply the logged changes. To reproduce the logged run exactly, run &lt;code&gt;%3&lt;/code&gt;.</source>
        <translation>
            <numerusform>&lt;b&gt;%1 中记录了 %n 次更改&lt;/b&gt;，是其运行在训练期间做出的（第一次在第 %2 步）。在窗口中新建的运行从第 0 步开始，不会应用这些记录的更改。若要精确复现所记录的运行，请执行 &lt;code&gt;%3&lt;/code&gt;。</numerusform>
        </translation>
    </message>
    <message>
        <source>New run with the starting settings</source>
        <translation>用初始设置新建运行</translation>
    </message>
    <message>
        <source>New run with the final settings</source>
        <translation>用最终设置新建运行</translation>
    </message>
    <message>
        <source>Copy the command</source>
        <translation>复制命令</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1 can&apos;t be opened:&lt;/b&gt; %2</source>
        <translation>&lt;b&gt;%1 无法打开：&lt;/b&gt;%2</translation>
    </message>
    <message>
        <source>Starting a new run with the settings of %1 (paused: press Play to train it).</source>
        <translation>正在按 %1 的设置开始一个新运行（已暂停：按“开始”进行训练）。</translation>
    </message>
    <message>
        <source>&lt;b&gt;There is no run to save the settings of.&lt;/b&gt;</source>
        <translation>&lt;b&gt;没有可保存设置的运行。&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Could not save the settings.&lt;/b&gt; %1</source>
        <translation>&lt;b&gt;无法保存设置。&lt;/b&gt;%1</translation>
    </message>
    <message>
        <source>Saved the settings and event log of &quot;%1&quot; to %2. &lt;code&gt;losslab-cli train --replay&lt;/code&gt; reproduces the run exactly.</source>
        <translation>已将“%1”的设置和事件日志保存到 %2。&lt;code&gt;losslab-cli train --replay&lt;/code&gt; 可精确复现该运行。</translation>
    </message>
    <message>
        <source>&lt;b&gt;There is no run to save the metrics of.&lt;/b&gt;</source>
        <translation>&lt;b&gt;没有可保存指标的运行。&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Could not save the metrics.&lt;/b&gt; %1</source>
        <translation>&lt;b&gt;无法保存指标。&lt;/b&gt;%1</translation>
    </message>
    <message>
        <source>Saved the metrics of &quot;%1&quot; to %2.</source>
        <translation>已将“%1”的指标保存到 %2。</translation>
    </message>
    <message>
        <source>can&apos;t create a temporary folder (%1)</source>
        <translation>无法创建临时文件夹（%1）</translation>
    </message>
    <message>
        <source>&lt;b&gt;Could not save the experiment.&lt;/b&gt; %1</source>
        <translation>&lt;b&gt;无法保存实验。&lt;/b&gt;%1</translation>
    </message>
    <message>
        <source>&lt;b&gt;A file is still being saved or opened.&lt;/b&gt; Try again in a moment.</source>
        <translation>&lt;b&gt;仍有文件正在保存或打开。&lt;/b&gt;请稍后再试。</translation>
    </message>
    <message>
        <source>&lt;b&gt;There are no runs to save.&lt;/b&gt;</source>
        <translation>&lt;b&gt;没有可保存的运行。&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Autosave failed.&lt;/b&gt; %1</source>
        <translation>&lt;b&gt;自动保存失败。&lt;/b&gt;%1</translation>
    </message>
    <message numerus="yes">
        <source>Saved %n run(s) to %1.</source>
        <translation>
            <numerusform>已将 %n 个运行保存到 %1。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Opening %1 replaces the %n run(s) in the window. Runs that were not saved are lost. Open it?</source>
        <translation>
            <numerusform>打开 %1 将替换窗口中的 %n 个运行。未保存的运行将会丢失。要打开吗？</numerusform>
        </translation>
    </message>
    <message>
        <source>Opening %1…</source>
        <translation>正在打开 %1…</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1 was saved by a newer version of LossLab&lt;/b&gt; and this version can&apos;t open it. Nothing was changed. Update LossLab to open it.</source>
        <translation>&lt;b&gt;%1 由更新版本的 LossLab 保存&lt;/b&gt;，当前版本无法打开。未做任何更改。请更新 LossLab 后再打开。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Could not open the experiment; nothing was changed.&lt;/b&gt; %1</source>
        <translation>&lt;b&gt;无法打开实验；未做任何更改。&lt;/b&gt;%1</translation>
    </message>
    <message numerus="yes">
        <source>Restored %n run(s) from the autosave, paused. Save them as an experiment to keep them.</source>
        <translation>
            <numerusform>已从自动保存中恢复 %n 个运行（处于暂停）。请将它们另存为实验以便保留。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Opened %1: %n run(s), paused where they were saved.</source>
        <translation>
            <numerusform>已打开 %1：%n 个运行，停在保存时的位置（已暂停）。</numerusform>
        </translation>
    </message>
    <message>
        <source>Removed from the recent files because they are no longer there: %1</source>
        <translation>以下文件已不存在，已从最近文件中移除：%1</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>&lt;b&gt;LossLab did not close cleanly last time.&lt;/b&gt; Its runs were autosaved at %1. Restore them?</source>
        <translation>&lt;b&gt;LossLab 上次未正常关闭。&lt;/b&gt;其运行已于 %1 自动保存。要恢复吗？</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>丢弃</translation>
    </message>
</context>
<context>
    <name>losslab::ui::GlossaryDialog</name>
    <message>
        <source>Glossary</source>
        <translation>术语表</translation>
    </message>
    <message>
        <source>Choose a word to read what it means</source>
        <translation>选择一个词，查看它的含义</translation>
    </message>
    <message>
        <source>The same words appear in the tooltips of the controls and charts: hover over one to read it.</source>
        <translation>控件和图表的工具提示中也会出现这些词：把鼠标悬停在上面即可查看。</translation>
    </message>
    <message>
        <source>Close the glossary (Esc)</source>
        <translation>关闭术语表（Esc）</translation>
    </message>
</context>
<context>
    <name>losslab::ui::InspectPanel</name>
    <message>
        <source>Text the model writes</source>
        <translation>模型写出的文本</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>提示词</translation>
    </message>
    <message>
        <source>the start of the text (may be empty)</source>
        <translation>文本的开头（可以留空）</translation>
    </message>
    <message>
        <source>The model continues this text</source>
        <translation>模型接着这段文本往下写</translation>
    </message>
    <message>
        <source>Every N steps</source>
        <translation>每 N 步</translation>
    </message>
    <message>
        <source>Sample a new text (and redo the validation charts) every N training steps</source>
        <translation>每 N 个训练步采样一段新文本（并重新绘制验证图表）</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <source>Divides the logits before the softmax: below 1 the model picks its favourites more often, above 1 it takes more risks</source>
        <translation>在 softmax 之前用它去除 logits：小于 1 时模型更常选最看好的字符，大于 1 时更敢冒险</translation>
    </message>
    <message>
        <source>Top-k</source>
        <translation>Top-k</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Sample only among the k most probable characters (off = all)</source>
        <translation>只在概率最高的 k 个字符中采样（关闭 = 全部字符）</translation>
    </message>
    <message>
        <source>Top-p</source>
        <translation>Top-p</translation>
    </message>
    <message>
        <source>Sample only among the most probable characters that together reach probability p (1 = all)</source>
        <translation>只在概率最高、合计概率达到 p 的那些字符中采样（1 = 全部字符）</translation>
    </message>
    <message>
        <source>Length</source>
        <translation>长度</translation>
    </message>
    <message>
        <source>At most this many characters per sample (it stops earlier at the end-of-text token)</source>
        <translation>每次采样最多生成的字符数（遇到文本结束词元会提前停止）</translation>
    </message>
    <message>
        <source>Sample now</source>
        <translation>立即采样</translation>
    </message>
    <message>
        <source>Write a new sample with the current model, without waiting N steps</source>
        <translation>用当前模型立即生成一段新文本，无需等待 N 步</translation>
    </message>
    <message>
        <source>Samples, newest last: the step of the model, then the prompt ▸ and what the model wrote</source>
        <translation>采样结果，最新的在最后：先是模型所在的步数，然后是提示词 ▸ 和模型写出的内容</translation>
    </message>
    <message>
        <source>Samples appear here while the run trains</source>
        <translation>运行训练时，采样结果会显示在这里</translation>
    </message>
    <message>
        <source>Try a sentence</source>
        <translation>试一句话</translation>
    </message>
    <message>
        <source>type a sentence to classify…</source>
        <translation>输入一句要分类的话…</translation>
    </message>
    <message>
        <source>The class head reads what you type and shows its probability for each class</source>
        <translation>分类头读取你输入的内容，并给出每个类别的概率</translation>
    </message>
    <message>
        <source>The model&apos;s probability for each class (they sum to 100%)</source>
        <translation>模型给每个类别的概率（合计 100%）</translation>
    </message>
    <message>
        <source>Validation set</source>
        <translation>验证集</translation>
    </message>
    <message>
        <source>Whole split</source>
        <translation>整个验证集</translation>
    </message>
    <message>
        <source>Use every validation example; off: the same subset as the evaluation on the charts, so the ECE equals the one charted</source>
        <translation>使用全部验证样本；关闭时使用与图表评估相同的子集，因此 ECE 与图表中的一致</translation>
    </message>
    <message>
        <source>The validation examples the charts below count</source>
        <translation>下方图表所统计的验证样本</translation>
    </message>
    <message>
        <source>How often each true class (row) was predicted as each class (column); the diagonal is right</source>
        <translation>每个真实类别（行）被预测为各个类别（列）的次数；对角线上是预测正确的</translation>
    </message>
    <message>
        <source>Calibration: for predictions made with a given confidence, how often they were right. A calibrated model follows the dashed diagonal</source>
        <translation>校准：以某一置信度做出的预测中，有多少是对的。校准良好的模型贴着虚线对角线</translation>
    </message>
    <message>
        <source>step %1: %2 examples, accuracy %3%, ECE %4</source>
        <translation>第 %1 步：%2 个样本，准确率 %3%，ECE %4</translation>
    </message>
    <message>
        <source>waiting for the model…</source>
        <translation>正在等待模型…</translation>
    </message>
    <message>
        <source>%1 of %2 characters read%3%4</source>
        <translation>已读取 %1 / %2 个字符%3%4</translation>
    </message>
    <message>
        <source> (the rest is cut, as in training)</source>
        <translation>（其余部分被截断，与训练时相同）</translation>
    </message>
    <message numerus="yes">
        <source>; %n not in the vocabulary</source>
        <translation>
            <numerusform>；其中 %n 个不在词表中</numerusform>
        </translation>
    </message>
    <message>
        <source>[step %1] %2▸%3%4</source>
        <translation>[第 %1 步] %2▸%3%4</translation>
    </message>
    <message>
        <source> ⟨end⟩</source>
        <translation> ⟨结束⟩</translation>
    </message>
    <message>
        <source>This data set has no labels: there is no class head to ask.</source>
        <translation>此数据集没有标签：没有可以询问的分类头。</translation>
    </message>
    <message>
        <source>This data set has no labels: no confusion matrix.</source>
        <translation>此数据集没有标签：无法生成混淆矩阵。</translation>
    </message>
    <message>
        <source>The validation split is empty.</source>
        <translation>验证集为空。</translation>
    </message>
    <message>
        <source>Inside the model</source>
        <translation>模型内部</translation>
    </message>
</context>
<context>
    <name>losslab::ui::LessonPanel</name>
    <message>
        <source>Open lesson file</source>
        <translation>打开课程文件</translation>
    </message>
    <message>
        <source>LossLab lessons (*.json);;All files (*)</source>
        <translation>LossLab 课程 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Choose a lesson. Built-in lessons come first, then the *.json files in %1.</source>
        <translation>选择一节课。先列出内置课程，然后是 %1 中的 *.json 文件。</translation>
    </message>
    <message>
        <source>Open lesson file…</source>
        <translation>打开课程文件…</translation>
    </message>
    <message>
        <source>Open a lesson written as a JSON file (the format is in docs/lessons.md)</source>
        <translation>打开以 JSON 文件编写的课程（格式见 docs/lessons.md）</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>重新加载</translation>
    </message>
    <message>
        <source>Read the lessons folder again (after editing or adding a lesson file)</source>
        <translation>重新读取课程文件夹（编辑或添加课程文件之后）</translation>
    </message>
    <message>
        <source>1. Predict first</source>
        <translation>1. 先预测</translation>
    </message>
    <message>
        <source>Everyone commits to an answer before the runs start</source>
        <translation>在运行开始之前，每个人都先给出自己的答案</translation>
    </message>
    <message>
        <source>Start the lesson</source>
        <translation>开始本课</translation>
    </message>
    <message>
        <source>2. Do and watch</source>
        <translation>2. 动手观察</translation>
    </message>
    <message>
        <source>Play the lesson&apos;s runs</source>
        <translation>开始本课的运行</translation>
    </message>
    <message>
        <source>Train every run of this lesson until it reaches its last step</source>
        <translation>训练本课的每个运行，直到其最后一步</translation>
    </message>
    <message>
        <source>Show what happened and why, and check the lesson&apos;s promise on the runs you trained</source>
        <translation>展示发生了什么及其原因，并在你训练的运行上检验本课的预期</translation>
    </message>
    <message>
        <source>3. What happened, and why</source>
        <translation>3. 发生了什么，为什么</translation>
    </message>
    <message>
        <source>The lesson&apos;s promise, measured on your runs:</source>
        <translation>本课的预期，在你的运行上实测：</translation>
    </message>
    <message>
        <source>Each promise of the lesson, measured on the runs the class trained: ✓ holds, ✗ does not</source>
        <translation>本课的每条预期，在全班训练的运行上实测：✓ 成立，✗ 不成立</translation>
    </message>
    <message>
        <source>⚠ %1 (can&apos;t be used)</source>
        <translation>⚠ %1（无法使用）</translation>
    </message>
    <message>
        <source>%1 (your file)</source>
        <translation>%1（你的文件）</translation>
    </message>
    <message>
        <source>This lesson file can&apos;t be used:
%1</source>
        <translation>此课程文件无法使用：
%1</translation>
    </message>
    <message>
        <source>Lesson &apos;%1&apos; from %2</source>
        <translation>课程“%1”，来自 %2</translation>
    </message>
    <message>
        <source>The question to answer before anything runs</source>
        <translation>在任何运行开始之前要回答的问题</translation>
    </message>
    <message>
        <source>Choose this answer as your prediction</source>
        <translation>选择此答案作为你的预测</translation>
    </message>
    <message>
        <source>Choose an answer first: predict, then watch</source>
        <translation>请先选择一个答案：先预测，再观察</translation>
    </message>
    <message numerus="yes">
        <source>Create this lesson&apos;s %n run(s) with their settings</source>
        <translation>
            <numerusform>按各自的设置创建本课的 %n 个运行</numerusform>
        </translation>
    </message>
    <message>
        <source>What to do during the lesson</source>
        <translation>本课中要做的事</translation>
    </message>
    <message>
        <source>%1: starting…</source>
        <translation>%1：正在启动…</translation>
    </message>
    <message>
        <source>%1 / %2 steps</source>
        <translation>%1 / %2 步</translation>
    </message>
    <message>
        <source>%1: %2, stopped by the divergence guard</source>
        <translation>%1：%2，已被发散保护停止</translation>
    </message>
    <message>
        <source>%1: %2, finished</source>
        <translation>%1：%2，已完成</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Where each run of the lesson is</source>
        <translation>本课各个运行的进度</translation>
    </message>
    <message>
        <source>Explain (the runs have finished)</source>
        <translation>讲解（运行已完成）</translation>
    </message>
    <message>
        <source>Explain</source>
        <translation>讲解</translation>
    </message>
    <message>
        <source>&lt;span style=&quot;color:#007A3D&quot;&gt;Your prediction was right:&lt;/span&gt; %1</source>
        <translation>&lt;span style=&quot;color:#007A3D&quot;&gt;你的预测正确：&lt;/span&gt;%1</translation>
    </message>
    <message>
        <source>&lt;span style=&quot;color:#B35C00&quot;&gt;You predicted:&lt;/span&gt; %1&lt;br&gt;&lt;span style=&quot;color:#007A3D&quot;&gt;What happens:&lt;/span&gt; %2</source>
        <translation>&lt;span style=&quot;color:#B35C00&quot;&gt;你的预测：&lt;/span&gt;%1&lt;br&gt;&lt;span style=&quot;color:#007A3D&quot;&gt;实际结果：&lt;/span&gt;%2</translation>
    </message>
    <message>
        <source>Your prediction against what the lesson&apos;s runs show</source>
        <translation>你的预测与本课运行所显示结果的对比</translation>
    </message>
    <message>
        <source>Why it happens</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>measured: %1</source>
        <translation>实测：%1</translation>
    </message>
    <message>
        <source>not measured: %1</source>
        <translation>未测量：%1</translation>
    </message>
</context>
<context>
    <name>losslab::ui::LossChart</name>
    <message>
        <source>step</source>
        <translation>步</translation>
    </message>
</context>
<context>
    <name>losslab::ui::MainWindow</name>
    <message>
        <source>LossLab</source>
        <translation>LossLab</translation>
    </message>
    <message>
        <source>&lt;b&gt;Could not start the run.&lt;/b&gt; %1&lt;br&gt;Check the file (CSV or TSV with a text and a label column, fastText, a folder per class, or plain text), or choose another data set.</source>
        <translation>&lt;b&gt;无法启动运行。&lt;/b&gt;%1&lt;br&gt;请检查该文件（带文本列和标签列的 CSV 或 TSV、fastText、每类一个文件夹，或纯文本），或选择其他数据集。</translation>
    </message>
    <message>
        <source>Choose another file…</source>
        <translation>选择其他文件…</translation>
    </message>
    <message>
        <source>Use built-in English</source>
        <translation>使用内置英文</translation>
    </message>
    <message>
        <source>run 1</source>
        <translation>运行 1</translation>
    </message>
    <message>
        <source>run %1</source>
        <translation>运行 %1</translation>
    </message>
    <message>
        <source>Delete run</source>
        <translation>删除运行</translation>
    </message>
    <message>
        <source>Delete run &quot;%1&quot; and its curves?</source>
        <translation>删除运行“%1”及其曲线？</translation>
    </message>
    <message>
        <source>Transport</source>
        <translation>训练控制</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Train the selected runs / pause them</source>
        <translation>训练所选运行 / 暂停它们</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>单步</translation>
    </message>
    <message>
        <source>One training step</source>
        <translation>训练一步</translation>
    </message>
    <message>
        <source>Step N</source>
        <translation>N 步</translation>
    </message>
    <message>
        <source>N training steps, then pause</source>
        <translation>训练 N 步后暂停</translation>
    </message>
    <message>
        <source>Step LM only</source>
        <translation>单步（仅 LM）</translation>
    </message>
    <message>
        <source>One step on the LM loss alone (λ = 1 for this step)</source>
        <translation>只用 LM 损失训练一步（本步 λ = 1）</translation>
    </message>
    <message>
        <source>Step CE only</source>
        <translation>单步（仅 CE）</translation>
    </message>
    <message>
        <source>One step on the classification loss alone (λ = 0 for this step)</source>
        <translation>只用分类损失训练一步（本步 λ = 0）</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <source>Start the selected runs again from their seed (with any new data or model settings)</source>
        <translation>让所选运行从其随机种子重新开始（应用新的数据或模型设置）</translation>
    </message>
    <message>
        <source>New run</source>
        <translation>新建运行</translation>
    </message>
    <message>
        <source>A new run with the current run&apos;s settings, trained alongside</source>
        <translation>使用当前运行的设置新建一个运行，与其并行训练</translation>
    </message>
    <message>
        <source>Save runs…</source>
        <translation>保存运行…</translation>
    </message>
    <message>
        <source>Save every run into a folder</source>
        <translation>将所有运行保存到一个文件夹</translation>
    </message>
    <message>
        <source>Save runs into</source>
        <translation>将运行保存到</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Quit LossLab</source>
        <translation>退出 LossLab</translation>
    </message>
    <message>
        <source>Presentation mode</source>
        <translation>演示模式</translation>
    </message>
    <message>
        <source>Full screen, large type, thick lines, advanced settings hidden: for a projector. F11 or Esc leaves it.</source>
        <translation>全屏、大字号、粗线条、隐藏高级设置：适合投影仪。按 F11 或 Esc 退出。</translation>
    </message>
    <message>
        <source>Glossary</source>
        <translation>术语表</translation>
    </message>
    <message>
        <source>Loss, cross-entropy, label smoothing, perplexity, calibration, learning rate… in a few sentences each</source>
        <translation>损失、交叉熵、标签平滑、困惑度、校准、学习率……每个都用几句话讲清楚</translation>
    </message>
    <message>
        <source>About LossLab</source>
        <translation>关于 LossLab</translation>
    </message>
    <message>
        <source>Version, licence and what LossLab is for</source>
        <translation>版本、许可证以及 LossLab 的用途</translation>
    </message>
    <message>
        <source>&lt;h3&gt;LossLab %1&lt;/h3&gt;&lt;p&gt;Watch a small Transformer learn two tasks at once and see, live, how the mixed loss L = λ·L&lt;sub&gt;LM&lt;/sub&gt; + (1 − λ)·L&lt;sub&gt;CE&lt;/sub&gt; behaves.&lt;/p&gt;&lt;p&gt;Free software under the GNU General Public License, version 3 or later. Built with Qt, Eigen, oneTBB, nlohmann-json and libarchive.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;LossLab %1&lt;/h3&gt;&lt;p&gt;观察一个小型 Transformer 同时学习两个任务，实时看到混合损失 L = λ·L&lt;sub&gt;LM&lt;/sub&gt; + (1 − λ)·L&lt;sub&gt;CE&lt;/sub&gt; 的变化。&lt;/p&gt;&lt;p&gt;自由软件，依据 GNU 通用公共许可证第 3 版或更高版本发布。基于 Qt、Eigen、oneTBB、nlohmann-json 和 libarchive 构建。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>The %1 translation is not built into this copy of LossLab.</source>
        <translation>此 LossLab 副本未内置 %1 翻译。</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>N for Step N</source>
        <translation>“N 步”中的 N</translation>
    </message>
    <message>
        <source>N = </source>
        <translation>N = </translation>
    </message>
    <message>
        <source>Controls</source>
        <translation>控制面板</translation>
    </message>
    <message>
        <source>Lessons</source>
        <translation>课程</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>The language of the interface (remembered for the next start)</source>
        <translation>界面语言（下次启动时沿用）</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>State of the current run</source>
        <translation>当前运行的状态</translation>
    </message>
    <message>
        <source>Steps done / steps planned</source>
        <translation>已完成步数 / 计划步数</translation>
    </message>
    <message>
        <source>Training tokens per second (last few seconds)</source>
        <translation>每秒训练词元数（最近几秒）</translation>
    </message>
    <message>
        <source>Training time so far</source>
        <translation>已用训练时间</translation>
    </message>
    <message>
        <source>Estimated time left to the planned steps</source>
        <translation>完成计划步数的预计剩余时间</translation>
    </message>
    <message>
        <source>Worker threads the run uses</source>
        <translation>该运行使用的工作线程数</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>loading data…</source>
        <translation>正在加载数据…</translation>
    </message>
    <message>
        <source>no run</source>
        <translation>无运行</translation>
    </message>
    <message>
        <source>step %1 / %2</source>
        <translation>第 %1 / %2 步</translation>
    </message>
    <message>
        <source>%1 tokens/s</source>
        <translation>%1 词元/秒</translation>
    </message>
    <message>
        <source>– tokens/s</source>
        <translation>– 词元/秒</translation>
    </message>
    <message>
        <source>elapsed %1</source>
        <translation>已用 %1</translation>
    </message>
    <message>
        <source>ETA %1</source>
        <translation>剩余 %1</translation>
    </message>
    <message numerus="yes">
        <source>%n thread(s)</source>
        <translation>
            <numerusform>%n 个线程</numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;b&gt;Run &quot;%1&quot; diverged at step %2.&lt;/b&gt; %3&lt;br&gt;The bad step was not applied. Lower the learning rate and roll back to the last good snapshot, or reset the run.</source>
        <translation>&lt;b&gt;运行“%1”在第 %2 步发散。&lt;/b&gt;%3&lt;br&gt;这一坏步未被应用。请降低学习率并回滚到上一个正常快照，或重置该运行。</translation>
    </message>
    <message>
        <source>Halve lr and roll back</source>
        <translation>学习率减半并回滚</translation>
    </message>
    <message>
        <source>Roll back</source>
        <translation>回滚</translation>
    </message>
    <message>
        <source>Unknown setting or value: %1 = %2</source>
        <translation>未知的设置或取值：%1 = %2</translation>
    </message>
    <message>
        <source>&lt;b&gt;New data or model settings for &quot;%1&quot;&lt;/b&gt; take effect after a reset, which starts the run again from step 0.</source>
        <translation>&lt;b&gt;“%1”的新数据或模型设置&lt;/b&gt;将在重置后生效，重置会让运行从第 0 步重新开始。</translation>
    </message>
    <message>
        <source>Reset now with these settings</source>
        <translation>立即用这些设置重置</translation>
    </message>
    <message>
        <source>New run with them</source>
        <translation>用它们新建运行</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>丢弃</translation>
    </message>
    <message>
        <source>Import a data set</source>
        <translation>导入数据集</translation>
    </message>
    <message>
        <source>Data files (*.csv *.tsv *.txt *.ft);;All files (*)</source>
        <translation>数据文件 (*.csv *.tsv *.txt *.ft);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Could not save: %1</source>
        <translation>无法保存：%1</translation>
    </message>
    <message>
        <source>Runs are still live. Save them as an experiment before quitting?</source>
        <translation>仍有运行正在进行。退出前要将它们保存为实验吗？</translation>
    </message>
    <message>
        <source>%1 copy</source>
        <translation>%1 副本</translation>
    </message>
    <message>
        <source>%1 fork</source>
        <translation>%1 分叉</translation>
    </message>
    <message>
        <source>The loss formula with live numbers, and one example&apos;s targets against the model</source>
        <translation>代入实时数值的损失公式，以及一个样本的目标与模型预测的对比</translation>
    </message>
    <message>
        <source>Samples of the model&apos;s text, a sentence probe, the confusion matrix and the reliability diagram</source>
        <translation>模型生成的文本、试一句话、混淆矩阵和可靠性图</translation>
    </message>
</context>
<context>
    <name>losslab::ui::MessageBar</name>
    <message>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>losslab::ui::PlotExport</name>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>Thick lines: smoothed (debiased EMA, weight %1); faint lines: raw; dots: validation; dotted lines: the floor H(q) that label smoothing ε allows.</source>
        <translation>粗线：平滑曲线（去偏 EMA，权重 %1）；浅色线：原始值；圆点：验证集；虚线：标签平滑 ε 所允许的下限 H(q)。</translation>
    </message>
    <message>
        <source>LM loss</source>
        <translation>LM 损失</translation>
    </message>
    <message>
        <source>CE loss</source>
        <translation>CE 损失</translation>
    </message>
    <message>
        <source>Total loss</source>
        <translation>总损失</translation>
    </message>
    <message>
        <source>Accuracy and perplexity</source>
        <translation>准确率与困惑度</translation>
    </message>
    <message>
        <source>λ, ε and learning rate</source>
        <translation>λ、ε 与学习率</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>仪表板</translation>
    </message>
    <message>
        <source>n_layer %1, n_embd %2, n_head %3, block_size %4</source>
        <translation>%1 层，d=%2，%3 个注意力头，上下文长度 %4</translation>
    </message>
    <message>
        <source>λ = %1</source>
        <translation>λ = %1</translation>
    </message>
    <message>
        <source>ε = %1</source>
        <translation>ε = %1</translation>
    </message>
    <message>
        <source>cosine</source>
        <translation>余弦</translation>
    </message>
    <message>
        <source>constant</source>
        <translation>常数</translation>
    </message>
    <message>
        <source>lr %1, %2, warmup %3</source>
        <translation>学习率 %1，%2，预热 %3 步</translation>
    </message>
    <message>
        <source>batch %1</source>
        <translation>批大小 %1</translation>
    </message>
    <message>
        <source>seed %1</source>
        <translation>种子 %1</translation>
    </message>
    <message>
        <source>data %1</source>
        <translation>数据 %1</translation>
    </message>
    <message>
        <source>data %1 #%2</source>
        <translation>数据 %1 #%2</translation>
    </message>
    <message>
        <source>%1 of %2 steps</source>
        <translation>%1 / %2 步</translation>
    </message>
    <message>
        <source>no runs</source>
        <translation>无运行</translation>
    </message>
    <message>
        <source>LossLab: %1</source>
        <translation>LossLab：%1</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>%1: the size %2×%3 is out of range (200×150 to 20000×20000)</source>
        <translation>%1：尺寸 %2×%3 超出范围（200×150 到 20000×20000）</translation>
    </message>
    <message>
        <source>%1: %2 dpi is out of range (48 to 1200)</source>
        <translation>%1：%2 dpi 超出范围（48 到 1200）</translation>
    </message>
    <message>
        <source>%1: the PNG could not be encoded</source>
        <translation>%1：无法编码 PNG</translation>
    </message>
    <message>
        <source>Exported from LossLab</source>
        <translation>由 LossLab 导出</translation>
    </message>
    <message>
        <source>%1: the SVG could not be started</source>
        <translation>%1：无法开始写入 SVG</translation>
    </message>
    <message>
        <source>%1: the PDF could not be started</source>
        <translation>%1：无法开始写入 PDF</translation>
    </message>
</context>
<context>
    <name>losslab::ui::PlotExportDialog</name>
    <message>
        <source>PNG: %1 × %2 pixels · PDF page: %3 × %4 pt</source>
        <translation>PNG：%1 × %2 像素 · PDF 页面：%3 × %4 pt</translation>
    </message>
    <message>
        <source>Export plot</source>
        <translation>导出图表</translation>
    </message>
    <message>
        <source>The whole dashboard, or one of its charts</source>
        <translation>整个仪表板，或其中一个图表</translation>
    </message>
    <message>
        <source>Chart</source>
        <translation>图表</translation>
    </message>
    <message>
        <source>Size (pixels at 96 dpi)</source>
        <translation>尺寸（96 dpi 下的像素）</translation>
    </message>
    <message>
        <source>Width of the document. The charts are laid out at this size, whatever the window&apos;s size.</source>
        <translation>文档的宽度。图表按此尺寸排版，与窗口大小无关。</translation>
    </message>
    <message>
        <source>Height of the document</source>
        <translation>文档的高度</translation>
    </message>
    <message>
        <source>PNG resolution (dpi)</source>
        <translation>PNG 分辨率（dpi）</translation>
    </message>
    <message>
        <source>Pixels per inch of a PNG: 192 gives a sharp image at twice the size (for high-DPI screens and slides), 300 or more for print. SVG and PDF are vectors and ignore it.</source>
        <translation>PNG 每英寸的像素数：192 可得到两倍尺寸的清晰图像（适合高 DPI 屏幕和幻灯片），打印用 300 或更高。SVG 和 PDF 是矢量格式，不受此项影响。</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>(none: the dashboard names the runs, a chart keeps its own title)</source>
        <translation>（无：仪表板以运行名称为标题，单个图表保留自身标题）</translation>
    </message>
    <message>
        <source>The title above the charts; empty for one naming the runs</source>
        <translation>图表上方的标题；留空则用运行名称作为标题</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Choose the file: .png, .svg or .pdf</source>
        <translation>选择文件：.png、.svg 或 .pdf</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Close without exporting</source>
        <translation>关闭，不导出</translation>
    </message>
</context>
<context>
    <name>losslab::ui::ReliabilityView</name>
    <message>
        <source>Reliability: ECE %1</source>
        <translation>可靠性图：ECE %1</translation>
    </message>
    <message>
        <source>Reliability</source>
        <translation>可靠性图</translation>
    </message>
    <message>
        <source>no validation report yet</source>
        <translation>尚无验证结果</translation>
    </message>
    <message>
        <source>confidence</source>
        <translation>置信度</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>accuracy in the bin</source>
        <translation>区间内的准确率</translation>
    </message>
    <message>
        <source>gap to confidence</source>
        <translation>与置信度的差距</translation>
    </message>
</context>
<context>
    <name>losslab::ui::RunListPanel</name>
    <message>
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>DIVERGED</source>
        <translation>已发散</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>步</translation>
    </message>
    <message>
        <source>Tick a run to show it on the charts. Select runs (Ctrl/Shift-click) to drive them
with the transport buttons and sliders. Double-click a name to rename it.</source>
        <translation>勾选一个运行即可在图表上显示它。选中运行（Ctrl/Shift+单击）后，
可用训练控制按钮和滑块驱动它们。双击名称可重命名。</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <source>A new run from the start, with the current run&apos;s settings</source>
        <translation>使用当前运行的设置，从头新建一个运行</translation>
    </message>
    <message>
        <source>Fork</source>
        <translation>分叉</translation>
    </message>
    <message>
        <source>A copy of the current run as it is now (weights, optimiser, step),
to continue with different settings</source>
        <translation>复制当前运行此刻的状态（权重、优化器、步数），
以便用不同的设置继续训练</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>The same settings, trained again from the start</source>
        <translation>相同的设置，从头再训练一次</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>重命名</translation>
    </message>
    <message>
        <source>Rename the current run</source>
        <translation>重命名当前运行</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Delete the current run</source>
        <translation>删除当前运行</translation>
    </message>
    <message>
        <source>%1 layers, d=%2, data %3, seed %4</source>
        <translation>%1 层，d=%2，数据 %3，种子 %4</translation>
    </message>
    <message>
        <source>
↻ new data or model settings wait for a reset</source>
        <translation>
↻ 新的数据或模型设置等待重置后生效</translation>
    </message>
</context>
<context>
    <name>losslab::ui::RunManager</name>
    <message>
        <source>the data set %1 has changed since the settings were saved (its content hash is %2, the file says %3)</source>
        <translation>数据集 %1 自保存设置以来已发生变化（其内容哈希为 %2，文件中记录的是 %3）</translation>
    </message>
    <message>
        <source>Could not copy run &quot;%1&quot;: %2</source>
        <translation>无法复制运行“%1”：%2</translation>
    </message>
    <message>
        <source>Could not fork the run: %1</source>
        <translation>无法分叉运行：%1</translation>
    </message>
</context>
</TS>
