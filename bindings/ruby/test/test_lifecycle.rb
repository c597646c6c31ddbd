# frozen_string_literal: true

require "test_helper"

# close, close twice, use after close, the block form and the finalizer.
class TestLifecycle < Minitest::Test
  def test_calls_after_close_raise_closed_error
    client = StandIn.client
    client.access_token("lena")
    refute client.closed?
    client.close
    assert client.closed?
    [-> { client.access_token("lena") }, -> { client.id_token("lena") }, -> { client.me }].each do |call|
      error = assert_raises(B44SSO::ClosedError, &call)
      assert_match(/closed/, error.message)
      assert_kind_of IOError, error
    end
    assert_match(/closed/, client.inspect)
  end

  def test_closing_twice_is_harmless
    client = StandIn.client
    assert_nil client.close
    assert_nil client.close
  end

  def test_open_with_a_block_closes_the_client
    kept = nil
    token = B44SSO::Client.open(**StandIn.options) do |client|
      kept = client
      client.access_token("mona")
    end
    assert_equal "at-mona", token
    assert kept.closed?
  end

  def test_open_with_a_block_closes_on_errors_too
    kept = nil
    assert_raises(B44SSO::InvalidArgumentError) do
      B44SSO::Client.open(**StandIn.options) do |client|
        kept = client
        client.access_token("")
      end
    end
    assert kept.closed?
  end

  def test_the_finalizer_does_not_keep_the_client_alive
    # A finalizer proc that captured the client would keep it reachable forever.
    alive = ObjectSpace::WeakMap.new
    make_unclosed_clients(alive, 20)
    4.times { GC.start(full_mark: true, immediate_sweep: true) }
    assert_operator alive.keys.size, :<, 20, "no unclosed client was ever collected"
  end

  # In its own method so that no local variable of the test refers to a client.
  def make_unclosed_clients(registry, count)
    count.times { registry[StandIn.client] = true }
    nil
  end

  def test_unclosed_clients_are_freed_by_the_finalizer_without_crashing
    out = IO.popen([RbConfig.ruby, "-I#{File.expand_path('../lib', __dir__)}", "-e", <<~RUBY], err: %i[child out], &:read)
      require "b44sso"
      50.times { B44SSO::Client.new(app_id: "a", service_token: "s", server_url: "http://127.0.0.1:1") }
      GC.start
      puts "done"
    RUBY
    assert_equal "done\n", out
    assert $?.success?
  end

  def test_close_waits_for_calls_in_flight
    client = StandIn.client
    user = StandIn.scenario("delay_ms=400")
    call = Thread.new { client.access_token(user) }
    sleep 0.15
    started = Process.clock_gettime(Process::CLOCK_MONOTONIC)
    client.close
    assert_operator Process.clock_gettime(Process::CLOCK_MONOTONIC) - started, :>=, 0.1, "close did not wait"
    assert_equal "at-#{user}", call.value
    assert_raises(B44SSO::ClosedError) { client.access_token("nina") }
  end
end
