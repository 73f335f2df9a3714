import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
	describePortHolder,
	listeningInodes,
	parseStat,
	pidsFromLsof,
	pidsFromSs,
	portIsFree,
	portOwners
} from './port-owner.js';

// Lines in the layouts of proc(5) (/proc/net/tcp, /proc/<pid>/stat), ss(8) and lsof(8) -F.
const TCP = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
  10: 0100007F:2262 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 49656 1 00000000be777933 100 0 0 10 0
  11: 0100007F:2263 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 49657 1 00000000d47ef663 100 0 0 10 0
 102: 0100007F:C446 0100007F:2262 06 00000000:00000000 03:000013EC 00000000     0        0 0 3 0000000034c52ee7
 109: 0100007F:E3BC 0100007F:2262 01 00000000:00000000 00:00000000 00000000     0        0 49678 1 00000000f3183c37 20 4 30 13 -1
`;

describe('parsing', () => {
	it('finds the listening socket of a port, not its connections', () => {
		expect(listeningInodes(TCP, 0x2262)).toEqual(['49656']);
		expect(listeningInodes(TCP, 0x2263)).toEqual(['49657']);
		expect(listeningInodes(TCP, 8787)).toEqual([]);
	});

	it('reads the group of a process whose name holds spaces and parentheses', () => {
		const stat =
			'4242 (my (odd) cmd) S 17 4240 4240 0 -1 4194560 1 0 0 0 0 0 0 0 20 0 1 0 987654 0 0';
		expect(parseStat(stat)).toEqual({ state: 'S', ppid: 17, pgid: 4240, starttime: '987654' });
	});

	it('reads pids from ss and lsof', () => {
		expect(
			pidsFromSs(
				'LISTEN 0 511 127.0.0.1:8787 0.0.0.0:* users:(("node",pid=123,fd=20),("node",pid=124,fd=20))'
			)
		).toEqual([123, 124]);
		expect(pidsFromLsof('p123\ncnode\nf20\n')).toEqual([123]);
	});
});

describe('on this machine', () => {
	let server: Server | undefined;
	afterEach(() => new Promise<void>((done) => (server ? server.close(() => done()) : done())));

	it('names this process as the holder of a port it listens on, and frees it', async () => {
		server = createServer();
		await new Promise<void>((done) => server!.listen(0, '127.0.0.1', done));
		const { port } = server.address() as { port: number };
		expect(await portIsFree(port)).toBe(false);
		expect(portOwners(port)?.map((o) => o.pid)).toContain(process.pid);
		expect(describePortHolder(port)).toContain(`pid ${process.pid} (`);
		await new Promise<void>((done) => server!.close(() => done()));
		server = undefined;
		expect(await portIsFree(port)).toBe(true);
		expect(portOwners(port)).toEqual([]);
	});
});
