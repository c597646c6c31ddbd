# frozen_string_literal: true

module B44SSO
  # b44_sso_get_access_token_async with a Ruby block (Client#access_token_async).
  #
  # The library calls back on one of its own threads. The ffi gem runs such a callback on
  # a new Ruby thread ("FFI Callback Runner") while the library thread waits for it, so the
  # block runs like any Ruby code, with the GVL. One trampoline serves every call: the
  # userdata pointer carries a number that finds the call's block in @pending, which also
  # keeps the block alive until it has run.
  #
  # A callback that arrives while Ruby shuts down would run on freed ffi state and crash
  # the process, so an at_exit hook (installed by the first call) waits until every call
  # this process started has called back. The library ends each call within its client's
  # timeout_ms, so that wait is bounded.
  module Async
    @pending = {}      # id => [block, pid of the process that started the call]
    @running = Hash.new(0) # pid => blocks running now
    @lock = Mutex.new
    @settled = ConditionVariable.new
    @last_id = 0
    @exit_hook = false

    # What the library says when it refuses to start a call (it gives no error object).
    REFUSALS = {
      "B44_ERR_INVALID_ARGUMENT" => "user_id must be non-empty UTF-8 of at most 1024 bytes without control characters",
      "B44_ERR_NOMEM" => "no thread could be started for the call"
    }.freeze

    TRAMPOLINE = Native.trampoline(:b44_token_callback) do |code, token, error, userdata|
      Async.deliver(userdata.address, code, token, error)
    end

    class << self
      # Starts the call; the block gets (token, nil) or (nil, error) exactly once.
      def start(client, c_user_id, block)
        id = register(block)
        code = Native.b44_sso_get_access_token_async(client, c_user_id, TRAMPOLINE, FFI::Pointer.new(id))
        return if code == Native::CODES[:B44_OK]

        # Refused: the library never calls back for this one.
        settle { @pending.delete(id) }
        raise refusal(code)
      end

      # Runs on a Ruby thread of the ffi gem. The token and error are valid only now.
      def deliver(id, code, token, error)
        block = @lock.synchronize do
          block, = @pending.delete(id)
          @running[Process.pid] += 1 if block
          block
        end
        return unless block

        begin
          run(block, code, token, error)
        ensure
          settle { @running[Process.pid] -= 1 }
        end
      end

      # Calls started by this process whose block has not finished yet.
      def pending_count
        @lock.synchronize { unsettled }
      end

      # Waits until every call this process started has called back (the at_exit hook).
      def drain
        @lock.synchronize { @settled.wait(@lock) while unsettled.positive? }
      end

      private

      def run(block, code, token, error)
        if code == Native::CODES[:B44_OK]
          block.call(Text.from_c(token), nil)
        else
          block.call(nil, Call.describe(code, error))
        end
      rescue Exception => e # rubocop:disable Lint/RescueException
        # Nothing may unwind into the library thread; say so, as Thread#report_on_exception does.
        warn("b44sso: the access_token_async block raised #{e.class}: #{e.message}\n\t#{e.backtrace&.first}")
      end

      def register(block)
        @lock.synchronize do
          install_exit_hook
          @last_id += 1
          @pending[@last_id] = [block, Process.pid]
          @last_id
        end
      end

      # Registered at the first call, not at require: at_exit hooks run in reverse order,
      # so this one runs after those of code that was running when it was registered
      # (minitest's, for one, runs the whole suite).
      def install_exit_hook
        return if @exit_hook

        @exit_hook = true
        at_exit { Async.drain }
      end

      # Changes the counts under the lock and wakes drain.
      def settle
        @lock.synchronize do
          yield
          @settled.broadcast
        end
      end

      # Calls of a parent process never call back in a forked child: they do not count.
      def unsettled
        @running[Process.pid] + @pending.count { |_, (_, pid)| pid == Process.pid }
      end

      def refusal(code)
        name = Native.b44_code_name(code)
        Error.for_code_name(name).new(REFUSALS.fetch(name, name), code: code)
      end
    end
  end
end
