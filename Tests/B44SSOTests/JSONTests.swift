import Testing
@testable import B44SSO

@Suite struct JSONTests {
    func parse(_ text: String) throws -> JSONValue { try JSONValue.parse(Array(text.utf8)) }

    @Test func parsesEveryKindOfValue() throws {
        let value = try parse(#" {"s": "a\"b\\c\/d\n\u00e9\ud83d\ude00", "n": -1.5e3, "t": true, "f": false, "z": null, "a": [1, [], {}]} "#)
        #expect(value["s"] == .string("a\"b\\c/d\né😀"))
        #expect(value["n"] == .number("-1.5e3"))
        #expect(value["t"] == .bool(true))
        #expect(value["f"] == .bool(false))
        #expect(value["z"] == .null)
        #expect(value["a"] == .array([.number("1"), .array([]), .object([])]))
        #expect(try parse(#""bare""#) == .string("bare"))
        #expect(try parse("0") == .number("0"))
    }

    @Test func firstOfDuplicateNamesWins() throws {
        #expect(try parse(#"{"k": "first", "k": "second"}"#)["k"] == .string("first"))
    }

    @Test(arguments: [
        "", " ", "{", "}", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "'x'", "\"unterminated", "tru", "nul",
        "01", "1.", ".5", "-", "1e", "+1", "\"\\x\"", "\"\\u12\"", "\"\\ud800\"", "\"\\udc00\"", "\"\\ud800\\u0041\"",
        "\"tab\there\"", "1 2", "{\"a\":1} x", "[", "[[[", "{\"a\":",
    ])
    func refusesInvalidJSON(_ text: String) {
        #expect(throws: JSONValue.SyntaxError.self) { try parse(text) }
    }

    @Test func refusesInvalidUTF8InStrings() {
        #expect(throws: JSONValue.SyntaxError.self) { try JSONValue.parse([0x22, 0xFF, 0xFE, 0x22]) }
    }

    @Test func limitsNestingDepth() throws {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONValue.SyntaxError.self) { try parse(deep) }
        let ok = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect(try parse(ok) != .null)
    }
}
