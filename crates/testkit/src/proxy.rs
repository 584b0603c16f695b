//! A TCP proxy in front of the test's Kubernetes API, for what no API server
//! can be asked to do: be unreachable for a while, or drop every connection
//! (and so every watch) at once. Bytes pass through untouched, so it serves
//! the fake and a real cluster alike (TLS included: the kubeconfig that points
//! at the proxy keeps the server's name for certificate checks).

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use tokio::net::{TcpListener, TcpStream};
use tokio::task::AbortHandle;

/// A proxy on `127.0.0.1` forwarding every connection to `upstream`.
pub struct ApiProxy {
    addr: SocketAddr,
    connections: Arc<Mutex<Vec<AbortHandle>>>,
    accepting: AbortHandle,
}

impl ApiProxy {
    /// Listens on `127.0.0.1:port` and forwards to `upstream` (`host:port`).
    pub async fn start_on(port: u16, upstream: &str) -> Self {
        let listener = TcpListener::bind(("127.0.0.1", port))
            .await
            .expect("bind the proxy");
        let addr = listener.local_addr().expect("the proxy's address");
        let connections: Arc<Mutex<Vec<AbortHandle>>> = Arc::default();
        let tracked = Arc::clone(&connections);
        let upstream = upstream.to_owned();
        let accepting = tokio::spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
                let upstream = upstream.clone();
                let forward = tokio::spawn(async move {
                    if let Ok(mut outbound) = TcpStream::connect(&upstream).await {
                        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                    }
                });
                let mut open = tracked.lock().unwrap_or_else(|e| e.into_inner());
                open.retain(|c| !c.is_finished());
                open.push(forward.abort_handle());
            }
        })
        .abort_handle();
        Self {
            addr,
            connections,
            accepting,
        }
    }

    /// The proxy's address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Cuts every open connection, as a network failure or an API server
    /// restart would; new connections are forwarded again.
    pub fn drop_connections(&self) -> usize {
        let mut open = self.connections.lock().unwrap_or_else(|e| e.into_inner());
        let dropped = open.iter().filter(|c| !c.is_finished()).count();
        for connection in open.drain(..) {
            connection.abort();
        }
        dropped
    }
}

impl Drop for ApiProxy {
    fn drop(&mut self) {
        self.accepting.abort();
        self.drop_connections();
    }
}
