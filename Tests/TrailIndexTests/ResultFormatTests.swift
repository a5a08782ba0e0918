import Testing
import TrailIndex

/// What investigators read: tables fitted to the terminal, CSV that spreadsheets parse, JSON.
@Suite struct ResultFormatTests {
    static let result = QueryRunner.Result(
        columns: ["id", "raw", "n", "n"],
        rows: [[.text("a"), .text("x,\"y\"\nz"), .int(1), .null],
               [.text("b"), .text(String(repeating: "r", count: 40)), .real(2.5), .blob([0xCA, 0xFE])]])

    @Test func csvQuotesWhatNeedsQuoting() {
        #expect(ResultFormat.csv.render(Self.result) == "id,raw,n,n\r\na,\"x,\"\"y\"\"\nz\",1,\r\nb,\(String(repeating: "r", count: 40)),2.5,cafe\r\n")
    }

    @Test func jsonKeepsTypesAndNamesRepeatedColumns() {
        #expect(ResultFormat.ndjson.render(Self.result).split(separator: "\n").first
                == #"{"id":"a","n":1,"n_2":null,"raw":"x,\"y\"\nz"}"#)
        #expect(ResultFormat.json.render(QueryRunner.Result(columns: ["x"], rows: [])) == "[]\n")
    }

    @Test(arguments: [20, 30, 60])
    func tablesFitTheWidth(width: Int) {
        let text = ResultFormat.table.render(Self.result, width: width)
        let lines = text.split(separator: "\n")
        #expect(lines.last == "(2 rows)")
        for line in lines.dropLast() { #expect(line.count <= max(width, 4 * 8 + 6), "\(line)") }
        #expect(lines[2].contains("x,\"y\"⏎z") || lines[2].contains("…"), "line breaks shown, long cells cut")
        if width < 50 { #expect(lines[3].contains("…")) }
    }
}
