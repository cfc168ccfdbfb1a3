// What a rendered picture of the window must not be: blank. Shared by the tests that render the
// window (tst_render) and export it (tst_export).
#pragma once

#include <QHash>
#include <QImage>
#include <QString>

#include <algorithm>

// "" when the picture has many distinct colours and no single colour covers nearly all of it,
// else what is wrong with it. Samples every fourth pixel each way.
inline QString blankPictureProblem(const QImage& image) {
    QHash<QRgb, int> colours;
    for (int y = 0; y < image.height(); y += 4)
        for (int x = 0; x < image.width(); x += 4) ++colours[image.pixel(x, y)];
    int commonest = 0;
    for (int n : std::as_const(colours)) commonest = std::max(commonest, n);
    const int samples = (image.height() / 4) * (image.width() / 4);
    if (colours.size() <= 20) return QStringLiteral("only %1 colours").arg(colours.size());
    if (commonest >= samples * 0.9) return QStringLiteral("one colour covers almost the whole picture");
    return {};
}
