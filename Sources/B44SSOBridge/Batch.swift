import B44SSO

@_cdecl("b44_sso_get_access_tokens")
public func b44_sso_get_access_tokens(
    _ client: OpaquePointer?, _ userIDs: UnsafePointer<UnsafePointer<CChar>?>?, _ count: Int,
    _ outTokens: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, _ outErrors: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    for index in 0..<max(count, 0) {
        outTokens?[index] = nil
        outErrors?[index] = nil
    }
    guard count > 0 else { return client == nil ? Base44Error.Kind.invalidArgument.rawValue : 0 }
    guard let client = borrow(client, as: Base44Client.self), let userIDs, let outTokens else {
        return Base44Error.Kind.invalidArgument.rawValue
    }
    // Entries that are not even text get their error here; the rest go to the core.
    var outcomes = [Result<String, Base44Error>?](repeating: nil, count: count)
    var ids: [String] = []
    var positions: [Int] = []
    for index in 0..<count {
        guard let pointer = userIDs[index] else { return Base44Error.Kind.invalidArgument.rawValue }
        do {
            ids.append(try text(pointer, name: "user id \(index)"))
            positions.append(index)
        } catch {
            outcomes[index] = .failure(error)
        }
    }
    for (position, result) in zip(positions, client.accessTokens(forUserIDs: ids)) { outcomes[position] = result }

    var firstFailure: Int32 = 0
    for (index, outcome) in outcomes.enumerated() {
        do throws(Base44Error) {
            guard let outcome else { throw Base44Error(.internal, "a batch entry has no outcome") }
            outTokens[index] = try mallocCopy(try outcome.get())
        } catch {
            outErrors?[index] = ErrorBox.make(error)
            if firstFailure == 0 { firstFailure = error.kind.rawValue }
        }
    }
    return firstFailure
}

public typealias CTokenCallback = @convention(c) (Int32, UnsafePointer<CChar>?, OpaquePointer?, UnsafeMutableRawPointer?) -> Void

/// The C callback and its userdata; the caller promises both are usable from a library thread.
private struct CCallback: @unchecked Sendable {
    let function: CTokenCallback
    let userdata: UnsafeMutableRawPointer?
}

@_cdecl("b44_sso_get_access_token_async")
public func b44_sso_get_access_token_async(
    _ client: OpaquePointer?, _ userID: UnsafePointer<CChar>?, _ callback: CTokenCallback?,
    _ userdata: UnsafeMutableRawPointer?
) -> Int32 {
    runReportingErrors(nil) { () throws(Base44Error) in
        guard let client = borrow(client, as: Base44Client.self) else { throw .init(.invalidArgument, "client is NULL") }
        guard let callback else { throw .init(.invalidArgument, "callback is NULL") }
        let target = CCallback(function: callback, userdata: userdata)
        try client.accessToken(forUserID: try text(userID, name: "user id")) { result in
            switch result {
            case .success(let token):
                token.withCString { target.function(0, $0, nil, target.userdata) }
            case .failure(let error):
                let box = ErrorBox.make(error)
                target.function(error.kind.rawValue, nil, box, target.userdata)
                b44_error_free(box)
            }
        }
    }
}
