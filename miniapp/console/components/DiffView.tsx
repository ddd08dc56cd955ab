import { Text, View } from '@tarojs/components';
import type { RevisionDiff } from '@healthpocket/shared-types';

/** A version's changes field by field: deleted lines struck through in red, added lines in green. */
export function DiffView({ diff }: { diff: RevisionDiff }) {
  const changed = diff.fields.filter((f) => f.changed);
  return (
    <View className='cs-diff' data-testid='revision-diff'>
      <Text className='cs-block'>{diff.from ? `第${diff.to}版与第${diff.from}版对比` : `第${diff.to}版（首个版本）`}</Text>
      {!changed.length && <Text className='cs-block'>两个版本的内容相同。</Text>}
      {changed.map((f) => (
        <View key={f.field} data-testid={`diff-${f.field}`}>
          <Text className='cs-diff__field'>{f.label}</Text>
          {f.field === 'coverImageId' ? (
            <Text className='cs-diff__line cs-diff__line--add'>{diff.from ? '封面已更换' : '已添加封面'}</Text>
          ) : (
            f.lines
              // A first version has nothing before it: only its lines, no empty deletions.
              .filter((l) => (diff.from ? true : l.op === 'add') && (f.field !== 'bodyMd' || l.op !== 'same' || f.lines.length < 40))
              .map((l, i) => (
                <Text key={i} className={`cs-diff__line cs-diff__line--${l.op}`}>
                  {l.op === 'add' ? '+ ' : l.op === 'del' ? '− ' : '  '}
                  {l.text || ' '}
                </Text>
              ))
          )}
        </View>
      ))}
    </View>
  );
}
