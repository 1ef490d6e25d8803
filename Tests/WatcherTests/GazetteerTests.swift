import Testing
import Watcher

@Suite struct GazetteerTests {
    private func error(_ yaml: String, file: String = "user.yaml") -> ConfigError? {
        do {
            _ = try Gazetteer(sources: [(EntityTestSupport.gazetteerYAML, "base.yaml"), (yaml, file)])
            return nil
        } catch {
            return error
        }
    }

    @Test func badTypeIsReportedWithFileAndLine() {
        let e = error("""
            - id: new-actor
              type: persn
              name: فلان
            """)
        #expect(e?.file == "user.yaml")
        #expect(e?.line == 2)
        #expect(e?.reason.contains("persn") == true)
    }

    @Test func unknownParentIsReportedAtItsEntry() {
        let e = error("""
            - id: first
              type: organization
              name: جماعة أولى
            - id: faction
              type: organization
              name: فصيل جديد
              parent: no-such-umbrella
            """)
        #expect(e?.file == "user.yaml")
        #expect(e?.line == 4)
        #expect(e?.key == "faction.parent")
    }

    @Test func duplicateIdNamesBothPlaces() {
        let e = error("""
            - id: iraq
              type: location
              name: العراق
            """)
        #expect(e?.file == "user.yaml")
        #expect(e?.line == 1)
        #expect(e?.reason.contains("base.yaml:1") == true)
    }

    @Test func unknownKeysAndEmptyNamesAreErrors() {
        #expect(error("- id: x\n  type: person\n  name: فلان\n  nickname: y")?.line == 4)
        #expect(error("- id: x\n  type: person\n  name: «»")?.key == "[0].name")
        #expect(error("- id: Bad Id\n  type: person\n  name: فلان")?.line == 1)
    }

    @Test func aLaterFileExtendsAnActorWithoutRebuilding() throws {
        let gazetteer = try Gazetteer(sources: [
            (EntityTestSupport.gazetteerYAML, "base.yaml"),
            ("- id: baghdad\n  variants: [دار السلام]\n- id: kut\n  type: location\n  subtype: city\n  name: الكوت\n  name_en: Kut\n  country: iraq", "user.yaml"),
        ])
        let recognizer = EntityRecognizer(gazetteer: gazetteer)
        #expect(recognizer.recognize("من دار السلام إلى الكوت").map(\.id) == ["baghdad", "kut"])
    }

    @Test func embeddedGazetteerLoadsAndCompilesQuickly() throws {
        let gazetteer = try Gazetteer.load(extraFiles: [])
        #expect(gazetteer.actors.count >= 420)
        let build = EntityBenchmark.matcherBuild(gazetteer, runs: 3)
        #expect(build < .milliseconds(100))
    }

    @Test func nationalityFormsAreDerived() {
        let forms = Actor.nationalityForms(of: "عراقي")
        for form in ["عراقي", "عراقية", "عراقيون", "عراقيين", "عراقيان", "عراقيتان", "عراقيات"] {
            #expect(forms.contains(form))
        }
    }

    @Test func configNamesGazetteerFiles() throws {
        let config = try ConfigLoader.parse("gazetteers: [extra/actors.yaml, /etc/watcherd/more.yaml]", file: "w.yaml")
        #expect(config.gazetteers.map(\.string) == ["extra/actors.yaml", "/etc/watcherd/more.yaml"])
        #expect(throws: ConfigError.self) { try ConfigLoader.parse("gazetteers: [\"\"]", file: "w.yaml") }
        #expect(throws: ConfigError.self) { try EntityRecognizer.load(extraFiles: ["/nonexistent/g.yaml"]) }
    }
}
