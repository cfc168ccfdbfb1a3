// The main window renders offscreen at classroom sizes, zoomed, to a picture that is not blank.
#include "test_settings.hpp"

#include "session.h"

#include <QQmlApplicationEngine>
#include <QQuickWindow>
#include <QStandardPaths>
#include <QtQml/QQmlExtensionPlugin>
#include <QtTest>

Q_IMPORT_QML_PLUGIN(LockstepPlugin)

class Render : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        useTestSettings("tst_render");
    }

    void mainWindowIsNotBlank_data() {
        QTest::addColumn<QSize>("size");
        QTest::addColumn<qreal>("zoom");
        QTest::newRow("1280x800") << QSize(1280, 800) << 1.0;
        QTest::newRow("1920x1080 zoom 1.5") << QSize(1920, 1080) << 1.5;
    }
    void mainWindowIsNotBlank() {
        QFETCH(QSize, size);
        QFETCH(qreal, zoom);
        Session session;
        session.setScenario(QStringLiteral("vma-drain"));
        QCOMPARE(session.replaySchedule(QStringLiteral("R1*9 R2*9 W*12")), QString());

        QQmlApplicationEngine engine;
        engine.addImportPath(QStringLiteral("qrc:/"));
        engine.setInitialProperties({{QStringLiteral("session"), QVariant::fromValue(&session)},
                                     {QStringLiteral("startWith"), QStringLiteral("run")}});
        QStringList warnings;
        connect(&engine, &QQmlEngine::warnings, this, [&](const QList<QQmlError>& list) {
            for (const auto& w : list) warnings << w.toString();
        });
        engine.load(QUrl(QStringLiteral("qrc:/Lockstep/Main.qml")));
        QCOMPARE(engine.rootObjects().size(), 1);
        auto* window = qobject_cast<QQuickWindow*>(engine.rootObjects().first());
        QVERIFY(window);
        window->setProperty("zoom", zoom);
        window->setProperty("reduceMotion", true);
        window->resize(size);
        window->show();
        QVERIFY(QTest::qWaitForWindowExposed(window));
        QTest::qWait(200);

        const QImage image = window->grabWindow();
        QCOMPARE(image.size(), size * window->devicePixelRatio());
        // Not blank: many distinct colours, and no single colour covers nearly everything.
        QHash<QRgb, int> colours;
        for (int y = 0; y < image.height(); y += 4)
            for (int x = 0; x < image.width(); x += 4) ++colours[image.pixel(x, y)];
        int commonest = 0;
        for (int n : std::as_const(colours)) commonest = std::max(commonest, n);
        const int samples = (image.height() / 4) * (image.width() / 4);
        QVERIFY2(colours.size() > 20, qPrintable(QStringLiteral("only %1 colours").arg(colours.size())));
        QVERIFY2(commonest < samples * 0.9, "one colour covers almost the whole window");
        QVERIFY2(warnings.isEmpty(), qPrintable(warnings.join(QLatin1Char('\n'))));
    }
};

QTEST_MAIN(Render)
#include "tst_render.moc"
