/**
 * How the changed kernel code copies an appended struct decides the verdict:
 * the whole new sizeof from or to userspace is an error with the call cited,
 * the caller's size (copy_struct_from_user, min() of the sizes, the argsz
 * offsetofend minimum) makes the append a note that cites the call, and no
 * copy in the code leaves uapi.struct-appended's warning (and align-changed's
 * error for a raised alignment).
 */
import { describe, expect, it } from 'vitest';
import type { AbiName } from '../../../src/abi/layout-types.ts';
import { copiesOf, copiesOut, readUpTo } from '../../../src/abi/rules/code/struct-copies.ts';
import { prepare } from '../../../src/abi/rules/code/handlers.ts';
import { runChange } from './corpus-runner.ts';

const ABIS: AbiName[] = ['x86_64', 'i386'];
const BEFORE = 'struct demo_out {\n\t__u32 count;\n\t__u32 flags;\n};\n';
const AFTER = 'struct demo_out {\n\t__u32 count;\n\t__u32 flags;\n\t__u64 stamp;\n};\n';

function run(code: string | null) {
  const side = { before: BEFORE, after: AFTER, code };
  return runChange('include/uapi/linux/demo.h', side, ABIS);
}
const unit = (text: string) => prepare([{ path: 'drivers/demo/demo.c', name: 'demo_ioctl', startLine: 10, text }]);

describe('copies of a uAPI struct in kernel code', () => {
  it('tells whole-size copies from caller-sized ones, with their lines', () => {
    const code = [
      'static long demo_ioctl(struct file *f, unsigned int cmd, unsigned long arg)',
      '{',
      '\tstruct demo_out out = {};',
      '\tstruct demo_out *p = &out;',
      '\tstruct demo_out __user *uout = (void __user *)arg;',
      '\tif (copy_to_user(uout, p, sizeof(*p)))',
      '\t\treturn -EFAULT;',
      '\tif (copy_to_user(uout, &out, min_t(size_t, usize, sizeof(struct demo_out))))',
      '\t\treturn -EFAULT;',
      '\tminsz = offsetofend(struct demo_out, flags);',
      '\t/* copy_from_user(&out, uout, sizeof(out)) in a comment is no copy */',
      '\treturn copy_from_user(&out, uout, sizeof out) ? -EFAULT : 0;',
      '}',
    ].join('\n');
    expect(copiesOf(unit(code), 'struct demo_out').map((s) => [s.how, s.line])).toEqual([
      ['whole', 15], ['caller-sized', 17], ['caller-sized', 19], ['whole', 21],
    ]);
    // the caller's size clamped to the struct's first (ublk's set_params)
    const clamp = 'static int demo_set(struct demo_dev *d, void __user *argp)\n{\n\tif (ph.len > sizeof(struct demo_out))\n\t\tph.len = sizeof(struct demo_out);\n\treturn copy_from_user(&d->out, argp, ph.len);\n}\n';
    expect(copiesOf(unit(clamp), 'struct demo_out').map((s) => [s.how, s.line])).toEqual([['caller-sized', 14]]);
    // a copy of another struct, or of a part, says nothing about this one
    expect(copiesOf(unit('struct demo_out o;\ncopy_from_user(&o.count, u, sizeof(o.count));\ncopy_from_user(&x, u, sizeof(struct demo_in));\n'), 'struct demo_out')).toEqual([]);
  });

  it('copied whole: an error citing the call; copied with the caller\'s size: a note citing it; no copy: the warning', () => {
    const whole = run('static int demo_get(struct demo_out __user *u)\n{\n\tstruct demo_out out = { .count = 1 };\n\treturn copy_to_user(u, &out, sizeof(out)) ? -EFAULT : 0;\n}\n');
    const error = whole.find((f) => f.rule === 'uapi.struct-appended-copied-whole');
    expect(error?.level).toBe('error');
    expect(error?.message).toContain('demo_get (drivers/corpus/corpus.c:4): `copy_to_user(u, &out, sizeof(out))`');
    expect(error?.message).toContain('writes past its end');
    expect(error?.message).not.toContain('reads past');
    // the function called decides, not what its arguments are named (u64_to_user_ptr)
    const read = run('static int demo_set(u64 data)\n{\n\tstruct demo_out out;\n\treturn copy_from_user(&out, u64_to_user_ptr(data), sizeof(out)) ? -EFAULT : 0;\n}\n')
      .find((f) => f.rule === 'uapi.struct-appended-copied-whole');
    expect(read?.message).toContain('reads past the end');
    expect(read?.message).not.toContain('writes past');
    expect(whole.map((f) => f.rule)).not.toContain('uapi.struct-appended');

    const sized = run('static int demo_get(struct demo_out __user *u, size_t usize)\n{\n\tstruct demo_out out = { .count = 1 };\n\treturn copy_to_user(u, &out, min(usize, sizeof(out))) ? -EFAULT : 0;\n}\n');
    expect(sized.filter((f) => f.level !== 'note')).toEqual([]);
    expect(sized.find((f) => f.rule === 'uapi.member-added')?.message).toContain('the kernel code takes the size from the caller (demo_get');

    expect(run(null).filter((f) => f.level !== 'note').map((f) => f.rule).sort()).toEqual(['uapi.align-changed', 'uapi.struct-appended']);
  });
});

describe('reserved fields of an output struct', () => {
  const header = (extra: string) => `struct demo_info {\n\t__u32 argsz;\n\t__u32 flags;\n\t__u32 num_regions;\n${extra}};\n`;
  const getInfo = (copyOut: boolean) => `static long demo_get_info(struct demo_dev *dev, struct demo_info __user *arg)
{
	unsigned long minsz = offsetofend(struct demo_info, num_regions);
	struct demo_info info = {};

	if (copy_from_user(&info, arg, minsz))
		return -EFAULT;
	if (info.argsz < minsz)
		return -EINVAL;
	info.flags = dev->flags;
	info.num_regions = dev->num_regions;
	minsz = min_t(size_t, info.argsz, sizeof(info));
${copyOut ? '\treturn copy_to_user(arg, &info, minsz) ? -EFAULT : 0;\n' : '\treturn demo_apply(dev, &info);\n'}}
`;
  const reservedFindings = (code: string) => {
    const side = { before: header(''), after: header('\t__u32 pad;\n'), code };
    return runChange('include/uapi/linux/demo.h', side, ABIS)
      .filter((f) => f.rule === 'uapi.reserved-unchecked');
  };

  it('reads the struct only up to its offsetofend() minimum, and copies it back out', () => {
    const u = unit(getInfo(true));
    expect(readUpTo(u[0]!, 'struct demo_info')).toBe('num_regions');
    expect(copiesOut(u[0]!, 'struct demo_info')).toBe(true);
    expect(copiesOut(unit(getInfo(false))[0]!, 'struct demo_info')).toBe(false);
    // a read with another size after the bound was reassigned is no bounded read
    expect(readUpTo(unit('struct demo_info info;\nminsz = offsetofend(struct demo_info, flags);\nminsz = info.argsz;\ncopy_from_user(&info, arg, minsz);\n')[0]!, 'struct demo_info')).toBeNull();
  });

  it('a new pad the GET_INFO handler never copies in but copies out is output: no warning; copied in only, it is', () => {
    expect(reservedFindings(getInfo(true))).toEqual([]);
    expect(reservedFindings(getInfo(false)).map((f) => f.symbol)).toEqual(['struct demo_info.pad']);
  });
});

describe('a pad made explicit where the old layout had implicit padding', () => {
  it('is not required to be zero (old binaries left anything there), and member-added says why', () => {
    const side = {
      before: 'struct demo_cmd {\n\t__u32 id;\n\t__u64 data;\n};\n',
      after: 'struct demo_cmd {\n\t__u32 id;\n\t__u32 pad0;\n\t__u64 data;\n};\n',
      code: 'static int demo_cmd(void __user *argp)\n{\n\tstruct demo_cmd cmd;\n\tif (copy_from_user(&cmd, argp, sizeof(cmd)))\n\t\treturn -EFAULT;\n\treturn demo_run(cmd.id, cmd.data);\n}\n',
    };
    const found = runChange('include/uapi/linux/demo.h', side, ABIS);
    expect(found.map((f) => f.rule)).not.toContain('uapi.reserved-unchecked');
    // on i386 (__u64 aligned to 4) the pad is new bytes: there the layout changes, an error of its own
    expect(found.filter((f) => f.level === 'error').every((f) => f.abis.join() === 'i386')).toBe(true);
    expect(found.find((f) => f.rule === 'uapi.member-added')?.message).toContain('in what was implicit padding on x86_64: old binaries may have left anything there');
  });
});

describe('a size clamped before the copy', () => {
  it('a length last set to a min() with the struct\'s size (tcp\'s TCP_INFO)', () => {
    const code = [
      'static int demo_getsockopt(struct sock *sk, sockptr_t optval, sockptr_t optlen)',
      '{',
      '\tstruct demo_out info;',
      '\tint len;',
      '\tif (copy_from_sockptr(&len, optlen, sizeof(int)))',
      '\t\treturn -EFAULT;',
      '\tlen = min_t(unsigned int, len, sizeof(info));',
      '\treturn copy_to_sockptr(optval, &info, len);',
      '}',
    ].join('\n');
    expect(copiesOf(unit(code), 'struct demo_out').map((s) => [s.how, s.call])).toEqual([['caller-sized', 'copy_to_sockptr(optval, &info, len)']]);
  });
  it('a length set from anything else is not evidence', () => {
    const code = 'static int f(void)\n{\n\tstruct demo_out info;\n\tint len = get_len();\n\treturn copy_to_sockptr(optval, &info, len);\n}';
    expect(copiesOf(unit(code), 'struct demo_out')).toEqual([]);
  });
});
