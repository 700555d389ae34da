/**
 * Without a tree, abi-check knows only the lines a diff shows. A hunk inside
 * a long enum shows only some enumerators; git names the enum in the hunk's
 * section heading (`@@ … @@ enum demo_attrs {`). The enum is put back around
 * them, its values counted relative to the lines the diff does not show: an
 * appended attribute is an addition (exit 4, not 0), an insertion that moves
 * values is still the error, and no message gives numbers the diff cannot
 * know. The same holds for a struct's offsets after lines the diff does not show.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runPipeline } from '../../src/pipeline/run-pipeline.ts';

const scratch = mkdtempSync(join(tmpdir(), 'abi-check-enum-sections-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const PATH = 'include/uapi/linux/demo_nl.h';

async function report(name: string, hunk: string) {
  const patch = join(scratch, `${name}.patch`);
  writeFileSync(patch, `From: A Developer <dev@example.com>\nSubject: [PATCH] demo: ${name}\n\n---\ndiff --git a/${PATH} b/${PATH}\nindex 1111111..2222222 100644\n--- a/${PATH}\n+++ b/${PATH}\n${hunk}`);
  return (await runPipeline({ target: patch, offline: true, abis: ['x86_64', 'i386'], emulateAbi: 'x86_64', behaviour: false })).report;
}

async function run(name: string, hunk: string) {
  return (await report(name, hunk)).findings;
}

describe('a hunk inside an enum, diff context only', () => {
  it('an attribute added before the sentinel: enum-added and sentinel-moved, without numbers', async () => {
    const found = await run('append', '@@ -120,6 +120,7 @@ enum demo_attrs {\n \tDEMO_ATTR_PAD,\n \tDEMO_ATTR_FLAGS,\n \tDEMO_ATTR_STATS,\n+\tDEMO_ATTR_NEW,\n \n \t__DEMO_ATTR_MAX,\n };\n');
    expect(found.map((f) => `${f.level} ${f.rule} ${f.symbol}`)).toEqual(['note uapi.enum-added DEMO_ATTR_NEW', 'note uapi.sentinel-moved __DEMO_ATTR_MAX']);
    expect(found[0]!.message).toBe(
      'New in enum demo_attrs: DEMO_ATTR_NEW (inserted before __DEMO_ATTR_MAX; only the sentinel moved, every existing value is unchanged). ' +
        'Some of these values follow lines the diff does not show: they are known relative to each other at most, not as numbers.',
    );
    expect(found[0]!.after).toEqual({});
    expect(found[1]!.message).toContain('only the sentinel __DEMO_ATTR_MAX (+1) moved');
  });

  it('an attribute inserted in the middle: the values after it move, an error', async () => {
    const found = await run('insert', '@@ -120,6 +120,7 @@ enum demo_attrs {\n \tDEMO_ATTR_PAD,\n+\tDEMO_ATTR_NEW,\n \tDEMO_ATTR_FLAGS,\n \tDEMO_ATTR_STATS,\n \n \t__DEMO_ATTR_MAX,\n };\n');
    const errors = found.filter((f) => f.level === 'error');
    expect(errors.map((f) => f.rule)).toEqual(['uapi.enum-value-changed']);
    expect(errors[0]!.message).toContain('In enum demo_attrs, DEMO_ATTR_FLAGS +1, DEMO_ATTR_STATS +1 because DEMO_ATTR_NEW was inserted before them.');
    expect(errors[0]!.before).toBeUndefined();
  });
});

describe('a hunk inside an unnamed enum, diff context only (`@@ … @@ enum {`)', () => {
  it('an attribute inserted in the middle moves the values after it: an error, as in a named enum', async () => {
    const found = await run('anon-insert', '@@ -120,6 +120,7 @@ enum {\n \tDEMO_ATTR_PAD,\n+\tDEMO_ATTR_NEW,\n \tDEMO_ATTR_FLAGS,\n \tDEMO_ATTR_STATS,\n \n \t__DEMO_ATTR_MAX,\n };\n');
    const errors = found.filter((f) => f.level === 'error');
    expect(errors.map((f) => f.rule)).toEqual(['uapi.enum-value-changed']);
    expect(errors[0]!.message).toContain('In the anonymous enum holding DEMO_ATTR_PAD, DEMO_ATTR_FLAGS +1, DEMO_ATTR_STATS +1 because DEMO_ATTR_NEW was inserted before them.');
  });

  it('two unnamed enums are told apart: an append to one is not blamed for the sentinel of the other', async () => {
    const found = await run(
      'anon-two',
      '@@ -120,5 +120,6 @@ enum {\n \tDEMO_ATTR_PAD,\n \tDEMO_ATTR_STATS,\n+\tDEMO_ATTR_NEW,\n \n \t__DEMO_ATTR_MAX,\n };\n' +
        '@@ -140,5 +141,6 @@ enum {\n \tDEMO_CMD_GET,\n \tDEMO_CMD_SET,\n+\tDEMO_CMD_DEL,\n \n \t__DEMO_CMD_MAX,\n };\n',
    );
    expect(found.map((f) => `${f.level} ${f.rule} ${f.symbol}`)).toEqual([
      'note uapi.enum-added DEMO_ATTR_NEW',
      'note uapi.sentinel-moved __DEMO_ATTR_MAX',
      'note uapi.enum-added DEMO_CMD_DEL',
      'note uapi.sentinel-moved __DEMO_CMD_MAX',
    ]);
    const moved = found.filter((f) => f.rule === 'uapi.sentinel-moved').map((f) => f.message.split('. ')[0]);
    expect(moved).toEqual([
      'In the anonymous enum holding DEMO_ATTR_PAD, only the sentinel __DEMO_ATTR_MAX (+1) moved, because DEMO_ATTR_NEW was added before it',
      'In the anonymous enum holding DEMO_CMD_GET, only the sentinel __DEMO_CMD_MAX (+1) moved, because DEMO_CMD_DEL was added before it',
    ]);
  });
});

describe('a member inserted in a struct the file\'s last hunk opens, diff context only', () => {
  it('is read (the struct is closed after the hunk), placed, and said to move whatever follows unseen', async () => {
    const found = await run('last-hunk', '@@ -255,6 +255,7 @@ struct demo_other {\n struct demo_info {\n \t__u32\targsz;\n \t__u32\tflags;\n+\t__u32\tnew_field;\n #define DEMO_INFO_FLAG_READ\t(1 << 0)\n #define DEMO_INFO_FLAG_WRITE\t(1 << 1)\n #define DEMO_INFO_FLAG_MMAP\t(1 << 2)\n');
    expect(found.map((f) => `${f.level} ${f.rule} ${f.symbol}`)).toEqual(['note uapi.member-added struct demo_info.new_field']);
    expect(found[0]!.message).toBe(
      'struct demo_info gains `__u32 new_field`, at offset 8 (x86_64). The diff does not show what follows it in the struct: any member after it moves by its size, a binary break (compare with --tree to know).',
    );
  });
});

describe('#defines turned into an enum, diff context only', () => {
  it('requests written `_IOWR(…)` keep their names as enumerators: no removal, an addition', async () => {
    const old = ["#define DEMO_READ\t\t_IOWR('b', 1, struct demo_rw)", "#define DEMO_SET_MAX\t_IOW('b', 5, __u32)"];
    const now = ['enum {', "\tDEMO_READ\t= _IOWR('b', 1, struct demo_rw),", "\tDEMO_SET_MAX\t= _IOW('b', 5, __u32),", '};'];
    const hunk = `@@ -251,6 +251,8 @@ struct demo_error {\n \t__s32\tparam;\n };\n \n${old.map((l) => `-${l}\n`).join('')}${now.map((l) => `+${l}\n`).join('')} \n /*\n`;
    const found = await run('to-enum', hunk);
    expect(found.filter((f) => f.level === 'error')).toEqual([]);
    const added = found.find((f) => f.rule === 'uapi.enum-added')!;
    // struct demo_rw is not shown, so DEMO_READ's size, and its number, are not known; DEMO_SET_MAX's are
    expect(added.message).toContain('New in the anonymous enum holding DEMO_READ: DEMO_READ, DEMO_SET_MAX = 1074029061 (appended; existing values unchanged). Some of these values follow lines');
  });
});

describe('a [0] array turned into __DECLARE_FLEX_ARRAY, diff context only', () => {
  it('is no change: the member is read through the macro, and its empty filler is not a new member', async () => {
    const found = await run('flex', '@@ -119,7 +119,7 @@ struct demo_entry {\n \t\t\t__u64 cdb_off;\n \t\t\t__u64 __pad1;\n \t\t\t__u64 __pad2;\n-\t\t\tstruct demo_iovec iov[0];\n+\t\t\t__DECLARE_FLEX_ARRAY(struct demo_iovec, iov);\n \t\t} req;\n \t\tstruct {\n \t\t\t__u8 scsi_status;\n');
    expect(found).toEqual([]);
  });
  it('and the way back loses no member (the flexible array turning into [0] is what is told)', async () => {
    const found = await run('flex-back', '@@ -119,7 +119,7 @@ struct demo_entry {\n \t\t\t__u64 cdb_off;\n \t\t\t__u64 __pad1;\n \t\t\t__u64 __pad2;\n-\t\t\t__DECLARE_FLEX_ARRAY(struct demo_iovec, iov);\n+\t\t\tstruct demo_iovec iov[0];\n \t\t} req;\n \t\tstruct {\n \t\t\t__u8 scsi_status;\n');
    // indented three levels: in a struct (`} req;`) in a union in demo_entry, as tcmu_cmd_entry has it
    expect(found.map((f) => `${f.rule} ${f.symbol}`)).toEqual(['uapi.flex-array-changed struct demo_entry.req.iov']);
    expect(JSON.stringify(found)).not.toContain('__empty');
  });
});

describe('hunks in two enums, with no section headings (diff -u), diff context only', () => {
  it('the second enum\'s kernel-doc ends the first: its enumerators are not read as moved values of the first', async () => {
    const found = await run('two-enums', '@@ -90,3 +90,4 @@\n  * @A_Y: y\n+ * @A_NEW1: new\n  */\n enum a_attrs {\n@@ -100,5 +101,7 @@\n \tA_X,\n \tA_Y,\n+\tA_NEW1,\n+\tA_NEW2,\n \n \t/* keep last */\n \t__A_AFTER_LAST,\n@@ -195,3 +198,4 @@\n  * @B_Y: y\n+ * @B_NEW: new\n  * @B_MAX: max\n  */\n@@ -200,7 +204,9 @@\n \tB_X,\n \tB_Y,\n \n+\tB_NEW,\n+\n \t/* keep last */\n \t__B_AFTER_LAST,\n \tB_MAX = __B_AFTER_LAST - 1\n };\n');
    expect(found.map((f) => `${f.level} ${f.rule} ${f.symbol}`)).toEqual(['note uapi.enum-added enum a_attrs', 'note uapi.sentinel-moved __A_AFTER_LAST']);
    expect(found[0]!.message).toContain('New in enum a_attrs: A_NEW1, A_NEW2 (inserted before __A_AFTER_LAST');
  });
});

describe('a member appended to a struct after lines the diff does not show, diff context only', () => {
  it('is placed by its neighbour, not at an offset counted from an unknown origin, and is not called unaligned', async () => {
    const found = await run('partial-offsets', '@@ -887,4 +887,5 @@\n #define DEMO_WAIT_ALL (1 << 0)\n+#define DEMO_WAIT_DEADLINE (1 << 3)\n struct demo_wait {\n \t__u64 handles;\n \t/* absolute timeout */\n@@ -895,4 +896,6 @@\n \t__u32 flags;\n \t__u32 first_signaled;\n \t__u32 pad;\n+\t__u64 deadline_nsec;\n+\t__u32 more;\n };\n');
    expect(found.map((f) => `${f.level} ${f.rule} ${f.symbol}`)).toEqual([
      'note uapi.macro-added DEMO_WAIT_DEADLINE',
      'note uapi.member-added struct demo_wait.deadline_nsec',
      'note uapi.member-added struct demo_wait.more',
    ]);
    expect(found[1]!.message).toBe('struct demo_wait gains `__u64 deadline_nsec`, after `pad`.');
  });
});

describe('a hunk that opens an enum, then one with #defines and a struct, diff context only', () => {
  it('the #defines before the struct do not keep it inside the enum the first hunk left open', async () => {
    const found = await run('defines-then-struct', '@@ -702,5 +702,5 @@\n \n-#define DEMO_VERSION 2\n+#define DEMO_VERSION 4\n \n enum {\n \tDEMO_STREAM_OUTPUT = 0,\n@@ -713,5 +713,6 @@\n #define DEMO_INFO_DUPLEX\t0x00000004\n+#define DEMO_INFO_UMP\t\t0x00000008\n \n struct demo_info {\n \tunsigned int device;\n \tunsigned int subdevice;\n@@ -725,4 +726,5 @@\n \tunsigned int subdevices_avail;\n-\tunsigned char reserved[64];\n+\t__s32 tied_device;\n+\tunsigned char reserved[60];\n };\n \n');
    expect(found.map((f) => `${f.level} ${f.rule} ${f.symbol}`)).toEqual([
      'note uapi.version-changed DEMO_VERSION',
      'note uapi.macro-added DEMO_INFO_UMP',
      'note uapi.member-added struct demo_info.tied_device',
    ]);
    expect(found[2]!.message).toContain('carved out of reserved `reserved`');
  });
});

describe('a git hunk heading naming a struct an earlier hunk already opened, diff context only', () => {
  it('is not opened a second time: the members are compared in the one struct', async () => {
    const found = await run('heading-opened', '@@ -713,4 +713,5 @@\n #define DEMO_INFO_DUPLEX\t0x00000004\n+#define DEMO_INFO_UMP\t\t0x00000008\n \n struct demo_info {\n \tunsigned int device;\n@@ -725,4 +726,5 @@ struct demo_info {\n \tunsigned int subdevices_avail;\n-\tunsigned char reserved[64];\n+\t__s32 tied_device;\n+\tunsigned char reserved[60];\n };\n');
    expect(found.map((f) => `${f.level} ${f.rule} ${f.symbol}`)).toEqual(['note uapi.macro-added DEMO_INFO_UMP', 'note uapi.member-added struct demo_info.tied_device']);
  });
});

describe('hunks inside enums whose openings the diff does not show (diff -u), diff context only', () => {
  it('enumerators with no enum around them do not swallow the enum declared after them', async () => {
    const found = await run('stray-enumerators', '@@ -97,4 +97,5 @@\n \tDEMO_MSG_B_REPLY,\n+\tDEMO_MSG_C_REPLY,\n \n \t/* add new constants above here */\n \t__DEMO_MSG_KERNEL_CNT,\n@@ -105,7 +106,9 @@\n \n /* request header */\n \n-#define DEMO_FLAG_COMPACT\t(1 << 0)\n-#define DEMO_FLAG_OMIT\t(1 << 1)\n+enum demo_header_flags {\n+\tDEMO_FLAG_COMPACT\t= 1 << 0,\n+\tDEMO_FLAG_OMIT\t\t= 1 << 1,\n+};\n \n #define DEMO_FLAG_ALL (DEMO_FLAG_COMPACT | \\\n');
    expect(found.filter((f) => f.level === 'error')).toEqual([]);
    expect(found.map((f) => `${f.level} ${f.rule} ${f.symbol}`)).toContain('note uapi.type-added enum demo_header_flags');
  });

  it('a stray body keeps its #if and #endif lines, so the conditionals of the rest of the file stay balanced', async () => {
    const found = await run('stray-conditional', '@@ -50,5 +50,5 @@\n #ifdef DEMO_OPTION\n \t__u32 x;\n-\t__u32 y;\n+\t__u32 z;\n #endif\n };\n@@ -90,2 +90,6 @@\n \n+struct demo_new {\n+\t__u32 a;\n+};\n+\n #endif\n');
    expect(found.map((f) => `${f.level} ${f.rule} ${f.symbol}`)).toContain('note uapi.type-added struct demo_new');
  });

  it('a hunk starting with enumerators of another family is in another enum than the one left open', async () => {
    const found = await run('enum-families', '@@ -410,4 +410,8 @@\n \n /* PAUSE */\n \n+/* new */\n+\n+\n+\n enum {\n@@ -420,4 +424,5 @@\n \tDEMO_A_PAUSE_RX,\n \tDEMO_A_PAUSE_TX,\n+\tDEMO_A_PAUSE_STATS_SRC,\n \n \t__DEMO_A_PAUSE_CNT,\n@@ -458,4 +463,5 @@\n \tDEMO_A_TSINFO_TX_TYPES,\n \tDEMO_A_TSINFO_PHC_INDEX,\n+\tDEMO_A_TSINFO_STATS,\n \n \t/* add new constants above here */\n');
    expect(found.filter((f) => f.level === 'error')).toEqual([]);
    expect(found.find((f) => f.rule === 'uapi.enum-added')?.message).toContain('DEMO_A_PAUSE_STATS_SRC');
    expect(found.find((f) => f.rule === 'uapi.enum-added')?.message).not.toContain('DEMO_A_TSINFO');
  });
});

describe('a struct holding a member of a type the diff does not declare, diff context only', () => {
  it('a reserved array that new members are carved from is a carve, not a changed type', async () => {
    const found = await run('carve-unknown-type', '@@ -218,6 +218,7 @@\n struct demo_port_resp_ex {\n \tstruct demo_port_resp legacy_resp;\n \t__u16 port_cap_flags2;\n-\t__u8  reserved[6];\n+\t__u8  reserved[2];\n+\t__u32 active_speed_ex;\n };\n \n');
    expect(found.map((f) => `${f.level} ${f.rule} ${f.symbol}`)).toEqual(['note uapi.member-added struct demo_port_resp_ex.active_speed_ex']);
    expect(found[0]!.message).toContain('carved out of reserved `reserved`');
  });

  it('a reserved array shrunk next to a new member of a size the diff does not show is a carve it cannot check: a note, not an error (btrfs, 6.12)', async () => {
    const r = await report('carve-unknown-size', '@@ -240,7 +240,8 @@ struct demo_dev_info {\n \t__u8 uuid[DEMO_UUID_SIZE];\n \t__u64 bytes_used;\n \t__u64 total_bytes;\n-\t__u64 unused[379];\n+\t__u8 fsid[DEMO_UUID_SIZE];\n+\t__u64 unused[377];\n \t__u8 path[1024];\n };\n \n');
    expect(r.findings.map((f) => `${f.level} ${f.rule} ${f.symbol}`)).toEqual(['note uapi.member-added struct demo_dev_info.fsid']);
    expect(r.notes).toContain('include/uapi/linux/demo_nl.h: struct demo_dev_info.unused: reserved `__u64 [379]` → `__u64 [377]` next to new `fsid`: a carve if `fsid` takes the 2 `__u64` elements freed, which cannot be checked: its size is not known from the lines the diff shows (the tree is what can tell)');
  });

  it('a reserved array shrunk with no new member beside it still moves what follows: an error', async () => {
    const found = await run('shrink-unknown-size', '@@ -240,6 +240,6 @@ struct demo_dev_info {\n \t__u8 uuid[DEMO_UUID_SIZE];\n \t__u64 total_bytes;\n-\t__u64 unused[379];\n+\t__u64 unused[377];\n \t__u8 path[1024];\n };\n \n');
    expect(found.filter((f) => f.level === 'error').map((f) => `${f.rule} ${f.symbol}`)).toEqual(['uapi.member-offset-changed struct demo_dev_info.path']);
  });

  it('a member of unknown size added before others leaves their offsets unknown, not moved', async () => {
    const found = await run('unknown-size-inserted', '@@ -240,5 +240,6 @@\n struct demo_dev_info {\n \t__u8 uuid[DEMO_UUID_SIZE];\n \t__u64 bytes_used;\n+\t__u8 fsid[DEMO_UUID_SIZE];\n \t__u64 total_bytes;\n };\n');
    expect(found.filter((f) => f.rule === 'uapi.member-offset-changed')).toEqual([]);
    expect(found.map((f) => `${f.level} ${f.rule} ${f.symbol}`)).toContain('note uapi.member-added struct demo_dev_info.fsid');
  });
});

describe('a hunk ending inside one struct and the next beginning inside something else, diff context only (diff -u)', () => {
  // asequencer.h, 6.1 → 6.12: `struct demo_result {` ends the first hunk, the last members of demo_quote (whose
  // head no hunk shows) begin the second; the tagless `data` union becomes `union demo_event_data`, same members
  const hunks =
    '@@ -206,7 +206,7 @@\n struct demo_ext {\n \tunsigned int len;\n \tvoid *ptr;\n-} __attribute__((packed));\n+} __packed;\n \n struct demo_result {\n \tint event;\n' +
    '@@ -250,7 +250,12 @@\n \tstruct demo_addr origin;\n \tunsigned short value;\n \tstruct demo_event *event;\n-} __attribute__((packed));\n+} __packed;\n \n' +
    '+union demo_event_data {\n+\tstruct demo_ext ext;\n+\tstruct demo_result result;\n+\tstruct demo_quote quote;\n+};\n \n struct demo_event {\n' +
    '@@ -262,8 +267,4 @@\n \tstruct demo_addr dest;\n \n-\tunion {\n-\t\tstruct demo_ext ext;\n-\t\tstruct demo_result result;\n-\t\tstruct demo_quote quote;\n-\t} data;\n+\tunion demo_event_data data;\n };\n';

  it('the second hunk\'s members are not the first struct\'s, and the union given a tag keeps its members: no error', async () => {
    const found = await run('other-struct', hunks);
    expect(found.filter((f) => f.level === 'error').map((f) => `${f.rule} ${f.symbol}`)).toEqual([]);
    expect(found.map((f) => `${f.level} ${f.rule} ${f.symbol}`)).toContain('note uapi.type-added union demo_event_data');
  });

  it('a tagless union given a tag is the same only with the same attributes, those of the structs it holds included', async () => {
    // laid out nowhere (demo_unknown is not declared): the packed struct inside is what tells the two apart
    const found = await run(
      'retag-packed',
      '@@ -30,11 +30,13 @@\n struct demo_unknown;\n \n+union demo_event_data {\n+\tstruct { __u8 a; __u32 b; } p;\n+\tstruct demo_unknown u;\n+};\n+\n struct demo_event {\n \t__u32 type;\n-\tunion {\n-\t\tstruct { __u8 a; __u32 b; } __attribute__((packed)) p;\n-\t\tstruct demo_unknown u;\n-\t} data;\n+\tunion demo_event_data data;\n };\n',
    );
    const changed = found.find((f) => f.rule === 'uapi.member-type-changed' && f.symbol === 'struct demo_event.data');
    // placed on no ABI, it is still on those that declare the struct, not on none
    expect(changed?.abis).toEqual(['x86_64', 'i386']);
  });

  it('a hunk beginning with an initializer\'s entries (`{1, 1, DEMO_GET},`) is not read as the open struct\'s members: the struct is not lost', async () => {
    // amd_hsmp.h, 6.1 → 6.12, names changed: the struct the first hunk opens, then entries of a table of it that the next hunks
    // change and extend, and a struct added after the table
    const found = await run(
      'initializer-entries',
      '@@ -64,6 +67,14 @@\n \tDEMO_GET  = 1,\n };\n \n+enum demo_proto_versions {\n+\tDEMO_PROTO_VER2\t= 2,\n+\tDEMO_PROTO_VER3,\n+\tDEMO_PROTO_VER4,\n+\tDEMO_PROTO_VER5,\n+\tDEMO_PROTO_VER6\n+};\n+\n struct demo_msg_desc {\n \tint num_args;\n \tint response_sz;\n' +
        '@@ -227,7 +238,7 @@\n \t/*\n \t * DEMO_GET_DIMM_THERMAL, num_args = 1, response_sz = 1\n \t * input: args[0] = DIMM address[7:0]\n-\t * output: args[0] = temperature in degree celcius[31:21] + update rate in ms[16:8] +\n+\t * output: args[0] = temperature in degree celsius[31:21] + update rate in ms[16:8] +\n \t * DIMM address[7:0]\n \t */\n \t{1, 1, DEMO_GET},\n' +
        '@@ -295,6 +306,29 @@\n \t * input: args[0] = min df pstate[15:8] + max df pstate[7:0]\n \t */\n \t{1, 0, DEMO_SET},\n+\n+\t/*\n+\t * DEMO_GET_METRIC_TABLE_VER, num_args = 0, response_sz = 1\n+\t * output: args[0] = metrics table version\n+\t */\n+\t{0, 1, DEMO_GET},\n+\n+\t/*\n+\t * DEMO_GET_METRIC_TABLE, num_args = 0, response_sz = 0\n+\t */\n+\t{0, 0, DEMO_GET},\n+\n+\t/*\n+\t * DEMO_GET_METRIC_TABLE_DRAM_ADDR, num_args = 0, response_sz = 2\n+\t * output: args[0] = lower 32 bits of the address\n+\t * output: args[1] = upper 32 bits of the address\n+\t */\n+\t{0, 2, DEMO_GET},\n+};\n+\n+/* Metrics table (supported only with proto version 6) */\n+struct demo_metric_table {\n+\t__u32 accumulation_counter;\n };\n \n /* Reset to default packing */\n',
    );
    expect(found.filter((f) => f.level === 'error').map((f) => `${f.rule} ${f.symbol}`)).toEqual([]);
    expect(found.filter((f) => f.rule === 'uapi.type-added').map((f) => f.symbol)).toEqual(['enum demo_proto_versions', 'struct demo_metric_table']);
  });
});

describe('two hunks inside one struct, both under its git heading, diff context only', () => {
  it('are read as one body with lines unknown between them: the second hunk\'s insertion is not lost', async () => {
    const r = await report('two-hunks', '@@ -40,6 +40,7 @@ struct demo_big {\n \t__u32 a;\n \t__u32 b;\n \t__u32 c;\n+\t__u32 c2;\n \t__u32 d;\n \t__u32 e;\n \t__u32 f;\n@@ -60,6 +61,7 @@ struct demo_big {\n \t__u32 p;\n \t__u32 q;\n \t__u32 r;\n+\t__u32 r2;\n \t__u32 s;\n \t__u32 t;\n \t__u32 u;\n');
    expect(r.findings.filter((f) => f.rule === 'uapi.member-added').map((f) => f.symbol)).toEqual(['struct demo_big.c2', 'struct demo_big.r2']);
    expect(r.findings.find((f) => f.rule === 'uapi.member-offset-changed')?.message).toContain('s 12 → 16');
    expect(r.notes).toContain('include/uapi/linux/demo_nl.h: struct demo_big: the diff shows only part of the definition, not its first members (before line 40) nor lines 47–60 nor its last members (after line 67); visible members were matched and their offsets compared within each visible stretch, but sizeof, alignment and absolute offsets were not checked');
  });
});

describe('hunks in two unnamed enums of one family, both under `enum {`, diff context only (ethtool_netlink.h, 6.12)', () => {
  it('are not joined into one body: the second enum\'s values are not shifted by the first\'s additions', async () => {
    const found = await run('two-unnamed', '@@ -40,6 +40,8 @@ enum {\n \tDEMO_MSG_MODULE_GET,\n \tDEMO_MSG_MODULE_SET,\n \tDEMO_MSG_PSE_GET,\n+\tDEMO_MSG_RSS_GET,\n+\tDEMO_MSG_PLCA_GET_CFG,\n \n \t/* add new constants above here */\n \t__DEMO_MSG_USER_CNT,\n@@ -80,6 +82,7 @@ enum {\n \tDEMO_MSG_MODULE_GET_REPLY,\n \tDEMO_MSG_MODULE_NTF,\n \tDEMO_MSG_PSE_GET_REPLY,\n+\tDEMO_MSG_RSS_GET_REPLY,\n \n \t/* add new constants above here */\n \t__DEMO_MSG_KERNEL_CNT,\n');
    expect(found.filter((f) => f.level === 'error')).toEqual([]);
  });
});

describe('a hunk inside a union nested in the struct its git heading names, diff context only (v4l2_ext_control, 6.12)', () => {
  const hunk = '@@ -1780,8 +1780,10 @@ struct demo_ext_control {\n \t\t__u8 __user *p_u8;\n \t\t__u16 __user *p_u16;\n \t\t__u32 __user *p_u32;\n+\t\t__s32 __user *p_s32;\n+\t\t__s64 __user *p_s64;\n \t\tstruct demo_area __user *p_area;\n \t\tstruct demo_sps __user *p_sps;\n \t\tstruct demo_pps __user *p_pps;\n';

  it('is read as in a union nested in the struct, by its indentation: the members after the new ones do not move', async () => {
    const r = await report('nested-union', hunk);
    expect(r.findings.filter((f) => f.level === 'error')).toEqual([]);
    expect(r.findings.filter((f) => f.rule === 'uapi.member-added').map((f) => f.symbol)).toEqual(['struct demo_ext_control.p_s32', 'struct demo_ext_control.p_s64']);
    // members of the struct the diff does not show come before the union: no offset in the struct is claimed
    expect(r.findings.find((f) => f.rule === 'uapi.member-added')?.message).toBe('struct demo_ext_control gains `__s32 * p_s32`, in an anonymous union beside `p_u8`, sharing its storage.');
    expect(r.notes).toContain('include/uapi/linux/demo_nl.h: lines 1780–1789 are indented as inside an aggregate nested in `struct demo_ext_control {`, whose opening the diff does not show: read as in a union there (nested aggregates alternate struct and union in uAPI headers; the tree is what can tell)');
  });

  it('and when the hunk shows the nested body\'s end, then the struct\'s', async () => {
    const r = await report('nested-union-end', '@@ -1799,5 +1799,7 @@ struct demo_ext_control {\n \t\tstruct demo_hevc __user *p_hevc;\n+\t\tstruct demo_av1 __user *p_av1;\n+\t\tstruct demo_hdr __user *p_hdr;\n \t\tvoid __user *ptr;\n-\t};\n+\t} __attribute__ ((packed));\n } __attribute__ ((packed));\n \n');
    expect(r.findings.filter((f) => f.level === 'error')).toEqual([]);
    expect(r.findings.filter((f) => f.rule === 'uapi.member-added').map((f) => f.symbol)).toEqual(['struct demo_ext_control.p_av1', 'struct demo_ext_control.p_hdr']);
  });

  it('a member inserted in a struct nested in a union heading (bpf_attr) moves the ones after it: an error', async () => {
    const found = await run('nested-struct', '@@ -1400,6 +1400,7 @@ union demo_attr {\n \t\t__u32\tmap_type;\n \t\t__u32\tkey_size;\n+\t\t__u32\tkey_flags;\n \t\t__u32\tvalue_size;\n \t\t__u32\tmax_entries;\n \t\t__u32\tmap_flags;\n');
    expect(found.filter((f) => f.level === 'error').map((f) => `${f.rule} ${f.symbol}`)).toEqual(['uapi.member-offset-changed union demo_attr']);
  });

  it('a first line indented deeper than the rest (a cut comment\'s tail) does not make a hunk nested', async () => {
    const found = await run('not-nested', '@@ -300,6 +300,7 @@ struct demo_info {\n \t\t\t\t   units of 4 bytes */\n \t__u32 a;\n \t__u32 b;\n+\t__u32 c;\n \t__u32 d;\n };\n');
    expect(found.filter((f) => f.level === 'error').map((f) => `${f.rule} ${f.symbol}`)).toEqual(['uapi.member-offset-changed struct demo_info.d']);
  });
});

describe('a new struct holding a struct the diff shows only the start of, diff context only (arm64 poe_context, 6.12)', () => {
  it('is not laid out from the shown part alone: no hole after it, and a note names the member', async () => {
    const r = await report('partial-member', '@@ -60,4 +60,4 @@\n \n struct demo_ctx {\n \t__u32 magic;\n-\t/* old */\n+\t/* new */\n@@ -94,3 +94,8 @@ struct demo_esr {\n \t__u64 esr;\n };\n \n+struct demo_poe {\n+\tstruct demo_ctx head;\n+\t__u64 por_el0;\n+};\n+\n');
    expect(r.findings.filter((f) => f.level !== 'note')).toEqual([]);
    expect(r.findings.map((f) => `${f.rule} ${f.symbol}`)).toContain('uapi.type-added struct demo_poe');
    expect(r.notes).toContain('include/uapi/linux/demo_nl.h: struct demo_poe: `head` is of a record the diff shows only part of; sizeof, alignment and the offsets after it were not checked');
  });
});

describe('a new ioctl request on a struct the diff shows only the end of, diff context only (ublk, 6.12)', () => {
  it('has no size, so no request number, rather than one from the members shown (on i386 12 bytes, not 16)', async () => {
    const r = await report('ioctl-partial', "@@ -317,7 +317,10 @@ struct demo_io_cmd {\n \t__s32\tresult;\n \n \tunion {\n \t\t__u64\taddr;\n \t\t__u64\tzone_append_lba;\n \t};\n };\n+\n+#define DEMO_IO_FETCH _IOWR('u', 0x20, struct demo_io_cmd)\n+\n");
    expect(r.findings.filter((f) => f.level !== 'note')).toEqual([]);
    expect(r.findings.map((f) => `${f.rule} ${f.symbol}`)).toEqual(['uapi.macro-added DEMO_IO_FETCH']);
  });
});

describe('a struct that grows, diff context only', () => {
  it('is named in a note: a struct embedding it on lines the diff does not show would move (the tree is what can tell)', async () => {
    const r = await report('grows', '@@ -7,6 +7,7 @@\n struct demo_inner {\n \t__u32 flags;\n \t__u32 size;\n+\t__u32 extra;\n };\n \n /* filler 0 */\n');
    expect(r.findings.map((f) => `${f.level} ${f.rule} ${f.symbol}`)).toEqual(['note uapi.member-added struct demo_inner.extra']);
    expect(r.notes).toContain(
      'uAPI diff: struct demo_inner grows; a struct embedding it on lines the diff does not show, other than as its last member, would move its later members (a binary break): compare with --tree to know.',
    );
  });

  it('a struct whose new member is carved from reserved space does not grow: no such note', async () => {
    const r = await report('carve-no-growth', '@@ -7,6 +7,7 @@\n struct demo_inner {\n \t__u32 flags;\n-\t__u32 reserved[2];\n+\t__u32 extra;\n+\t__u32 reserved[1];\n };\n \n');
    expect(r.findings.map((f) => f.rule)).toEqual(['uapi.member-added']);
    expect(r.notes.filter((n) => n.includes('grow'))).toEqual([]);
  });
});
