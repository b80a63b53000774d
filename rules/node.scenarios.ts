/** Scenarios of the node alerts (rules/node.ts), on node-exporter and kube-state-metrics series. */
import { firingAlert, series, type AlertScenario, type ExpectedAlert } from './scenario';

const node = (name: string, ip: string) => ({ job: 'node-exporter', instance: `${ip}:9100`, node: name });
const nodeA = node('node-a', '10.0.0.5');
const nodeB = node('node-b', '10.0.0.6');
const KSM = { job: 'kube-state-metrics', instance: '10.0.2.7:8080', namespace: 'monitoring' };

function expected(alert: string, labels: Record<string, string>, summary: string, description: string): ExpectedAlert {
  return firingAlert(alert, 'warning', labels, summary, description);
}

/** The Ready condition of a node: one series per status, `ready` as a promtool sequence of 0/1 for "true". */
function readyCondition(name: string, ready: string, notReady: string) {
  return [
    { series: series('kube_node_status_condition', { ...KSM, node: name, condition: 'Ready', status: 'true' }), values: ready },
    { series: series('kube_node_status_condition', { ...KSM, node: name, condition: 'Ready', status: 'false' }), values: notReady },
    { series: series('kube_node_status_condition', { ...KSM, node: name, condition: 'Ready', status: 'unknown' }), values: '0+0x40' },
  ];
}

const fs = (labels: Record<string, string>, device: string, fstype: string, mountpoint: string) => ({ ...labels, device, fstype, mountpoint });
const root = fs(nodeA, '/dev/sda1', 'ext4', '/');
/** A filesystem's size, available bytes and read-only flag. */
function space(labels: Record<string, string>, size: string, avail: string, readonly = '0+0x80') {
  return [
    { series: series('node_filesystem_size_bytes', labels), values: size },
    { series: series('node_filesystem_avail_bytes', labels), values: avail },
    { series: series('node_filesystem_readonly', labels), values: readonly },
  ];
}
function inodes(labels: Record<string, string>, files: string, free: string, readonly = '0+0x80') {
  return [
    { series: series('node_filesystem_files', labels), values: files },
    { series: series('node_filesystem_files_free', labels), values: free },
    { series: series('node_filesystem_readonly', labels), values: readonly },
  ];
}
function timex(labels: Record<string, string>, sync: string, maxerror: string) {
  return [
    { series: series('node_timex_sync_status', labels), values: sync },
    { series: series('node_timex_maxerror_seconds', labels), values: maxerror },
  ];
}
function network(direction: 'receive' | 'transmit', labels: Record<string, string>, device: string, packets: string, errs: string) {
  return [
    { series: series(`node_network_${direction}_packets_total`, { ...labels, device }), values: packets },
    { series: series(`node_network_${direction}_errs_total`, { ...labels, device }), values: errs },
  ];
}

/** The firing and quiet scenarios of the receive and the transmit error alerts, which differ only in direction. */
function networkScenarios(direction: 'receive' | 'transmit', alert: string): AlertScenario[] {
  const word = direction === 'receive' ? 'received' : 'transmitted';
  return [
    {
      // 6000 packets and 120 errors a minute: rate ratio 120 / 6000 = 2% from 1m (two samples), so
      // with for 1h it is pending at 60m and firing at 61m.
      alert,
      name: `fires after 1h with 2% of ${word} packets in error, not before`,
      series: network(direction, nodeA, 'eth0', '0+6000x80', '0+120x80'),
      checks: [
        { at: '60m', firing: [] },
        {
          at: '65m',
          firing: [
            expected(
              alert,
              { ...nodeA, device: 'eth0' },
              `Interface eth0 of node-a (10.0.0.5:9100) has ${direction} errors`,
              `2% of ${word} packets had errors over 5 minutes (threshold 1%).`,
            ),
          ],
        },
      ],
    },
    {
      // 30 of 6000 is 0.5%; an idle interface divides 0 by 0 (NaN), which compares false.
      alert,
      name: 'stays quiet at 0.5% errors and on an idle interface',
      series: [...network(direction, nodeB, 'eth0', '0+6000x80', '0+30x80'), ...network(direction, nodeB, 'eth1', '0+0x80', '0+0x80')],
      checks: [{ at: '70m', firing: [] }],
    },
  ];
}

export const nodeScenarios: readonly AlertScenario[] = [
  {
    alert: 'KubeNodeNotReady',
    name: 'fires after 15m of a node not Ready, not before',
    series: readyCondition('node-b', '0+0x40', '1+0x40'),
    checks: [
      { at: '14m', firing: [] },
      {
        at: '16m',
        firing: [expected('KubeNodeNotReady', { node: 'node-b' }, 'Node node-b is not ready', 'The node has not reported Ready: its pods are not scheduled there and will be evicted.')],
      },
    ],
  },
  {
    alert: 'KubeNodeNotReady',
    name: 'stays quiet for a Ready node and one that is back within 10m',
    series: [...readyCondition('node-a', '1+0x40', '0+0x40'), ...readyCondition('node-c', '0+0x9 1+0x30', '1+0x9 0+0x30')],
    checks: [
      { at: '9m', firing: [] },
      { at: '30m', firing: [] },
    ],
  },
  {
    // 100 GB, 35 GB free falling 30 MB a minute (43.2 GB a day): under 40% and predicted below 0 in
    // 24h from 1m (predict_linear needs two samples), so firing needs 61m. At 70m:
    // 35e9 - 70 × 3e7 = 32.9e9 free, 32.9%.
    alert: 'NodeFilesystemSpaceFillingUp',
    name: 'fires after 1h at 35% free and falling by 43 GB a day, not before',
    series: space(root, '100000000000+0x80', '35000000000-30000000x80'),
    checks: [
      { at: '59m', firing: [] },
      {
        at: '70m',
        firing: [
          expected(
            'NodeFilesystemSpaceFillingUp',
            root,
            'Filesystem / on node-a (10.0.0.5:9100) will be full within 24 hours',
            '32.9% of /dev/sda1 is free (threshold 40%) and the trend of the last 6 hours fills it within 24 hours.',
          ),
        ],
      },
    ],
  },
  {
    alert: 'NodeFilesystemSpaceFillingUp',
    name: 'stays quiet at 30% free but flat, at 50% free and falling, read-only, and on tmpfs',
    series: [
      ...space(fs(nodeB, '/dev/sda1', 'ext4', '/'), '100000000000+0x80', '30000000000+0x80'),
      ...space(fs(nodeB, '/dev/sdb1', 'xfs', '/var/lib/data'), '100000000000+0x80', '50000000000-30000000x80'),
      ...space(fs(nodeB, '/dev/sr0', 'ext4', '/media/iso'), '100000000000+0x80', '35000000000-30000000x80', '1+0x80'),
      ...space(fs(nodeB, 'tmpfs', 'tmpfs', '/run'), '100000000+0x80', '35000000-30000x80'),
    ],
    checks: [{ at: '70m', firing: [] }],
  },
  {
    // 262144 of 6553600 inodes free: 4% < 5% from the first sample, so firing needs 60m.
    alert: 'NodeFilesystemAlmostOutOfFiles',
    name: 'fires after 1h with 4% of inodes free, not before',
    series: inodes(root, '6553600+0x80', '262144+0x80'),
    checks: [
      { at: '59m', firing: [] },
      {
        at: '61m',
        firing: [
          expected(
            'NodeFilesystemAlmostOutOfFiles',
            root,
            'Filesystem / on node-a (10.0.0.5:9100) is running out of inodes',
            'Only 4.0% of the inodes of /dev/sda1 are free (threshold 5%): new files cannot be created when none are left.',
          ),
        ],
      },
    ],
  },
  {
    alert: 'NodeFilesystemAlmostOutOfFiles',
    name: 'stays quiet at 10% inodes free, and at 1% on a read-only and an overlay filesystem',
    series: [
      ...inodes(fs(nodeB, '/dev/sda1', 'ext4', '/'), '6553600+0x80', '655360+0x80'),
      ...inodes(fs(nodeB, '/dev/sr0', 'ext4', '/media/iso'), '6553600+0x80', '65536+0x80', '1+0x80'),
      ...inodes(fs(nodeB, 'overlay', 'overlay', '/var/lib/containerd/x'), '6553600+0x80', '65536+0x80'),
    ],
    checks: [{ at: '70m', firing: [] }],
  },
  {
    alert: 'NodeClockNotSynchronising',
    name: 'fires after 10m unsynchronised with the maximum error at 16s, not before',
    series: timex(nodeA, '0+0x30', '16+0x30'),
    checks: [
      { at: '9m', firing: [] },
      {
        at: '11m',
        firing: [
          expected(
            'NodeClockNotSynchronising',
            nodeA,
            'Clock of node-a (10.0.0.5:9100) is not synchronising',
            'The kernel reports the clock unsynchronised for 5 minutes, with its maximum error at 16s: NTP (chrony, timesyncd) is not working.',
          ),
        ],
      },
    ],
  },
  {
    alert: 'NodeClockNotSynchronising',
    name: 'stays quiet when synchronised, and when unsynchronised with a small maximum error',
    series: [...timex(nodeA, '1+0x30', '0.5+0x30'), ...timex(nodeB, '0+0x30', '0.2+0x30')],
    checks: [{ at: '20m', firing: [] }],
  },
  {
    // A steady 0.1s offset: above 0.05s with deriv 0 (not improving) from 1m, when deriv has two
    // samples; firing needs 11m. humanizeDuration(0.1) is "100ms".
    alert: 'NodeClockSkewDetected',
    name: 'fires after 10m of a steady 100ms offset, not before',
    series: [{ series: series('node_timex_offset_seconds', nodeA), values: '0.1+0x30' }],
    checks: [
      { at: '10m', firing: [] },
      {
        at: '12m',
        firing: [
          expected(
            'NodeClockSkewDetected',
            nodeA,
            'Clock of node-a (10.0.0.5:9100) is off',
            'The clock is 100ms off the reference (threshold ±0.05s) and not converging.',
          ),
        ],
      },
    ],
  },
  {
    // node-a: 0.2s off but converging by 5ms a minute (deriv < 0); node-b: 20ms behind.
    alert: 'NodeClockSkewDetected',
    name: 'stays quiet for a large offset that is converging and a small one',
    series: [
      { series: series('node_timex_offset_seconds', nodeA), values: '0.2-0.005x30' },
      { series: series('node_timex_offset_seconds', nodeB), values: '-0.02+0x30' },
    ],
    checks: [
      { at: '15m', firing: [] },
      { at: '30m', firing: [] },
    ],
  },
  ...networkScenarios('receive', 'NodeNetworkReceiveErrs'),
  ...networkScenarios('transmit', 'NodeNetworkTransmitErrs'),
  {
    // 200000 / 262144 = 0.762939453125: humanizePercentage prints 4 significant digits.
    alert: 'NodeHighNumberConntrackEntriesUsed',
    name: 'fires at once when conntrack passes 75% of its limit',
    series: [
      { series: series('node_nf_conntrack_entries', nodeA), values: '150000+0x4 200000+0x10' },
      { series: series('node_nf_conntrack_entries_limit', nodeA), values: '262144+0x14' },
    ],
    checks: [
      { at: '3m', firing: [] },
      {
        at: '5m',
        firing: [
          expected(
            'NodeHighNumberConntrackEntriesUsed',
            nodeA,
            'Connection tracking table of node-a (10.0.0.5:9100) is filling up',
            '76.29% of the conntrack entries are in use (threshold 75%); when full, new connections are dropped.',
          ),
        ],
      },
    ],
  },
  {
    alert: 'NodeHighNumberConntrackEntriesUsed',
    name: 'stays quiet at 57% of the limit',
    series: [
      { series: series('node_nf_conntrack_entries', nodeB), values: '150000+0x14' },
      { series: series('node_nf_conntrack_entries_limit', nodeB), values: '262144+0x14' },
    ],
    checks: [{ at: '10m', firing: [] }],
  },
  {
    // 7500 of 10000: 75% > 70% from the first sample, so firing needs 15m.
    alert: 'NodeFileDescriptorLimit',
    name: 'fires after 15m at 75% of the file descriptors, not before',
    series: [
      { series: series('node_filefd_allocated', nodeA), values: '7500+0x30' },
      { series: series('node_filefd_maximum', nodeA), values: '10000+0x30' },
    ],
    checks: [
      { at: '14m', firing: [] },
      {
        at: '16m',
        firing: [
          expected(
            'NodeFileDescriptorLimit',
            nodeA,
            'Kernel of node-a (10.0.0.5:9100) is running out of file descriptors',
            "75.0% of the kernel's file descriptors are allocated (threshold 70%).",
          ),
        ],
      },
    ],
  },
  {
    alert: 'NodeFileDescriptorLimit',
    name: 'stays quiet at 60%',
    series: [
      { series: series('node_filefd_allocated', nodeB), values: '6000+0x30' },
      { series: series('node_filefd_maximum', nodeB), values: '10000+0x30' },
    ],
    checks: [{ at: '20m', firing: [] }],
  },
];
