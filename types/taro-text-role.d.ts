// Taro's View takes `role` (H5 writes it as the attribute, as for any string prop); its Text has
// the same pass-through but not the type. A Text that can be tapped (an inline link) needs its role.
import '@tarojs/components/types/Text';

declare module '@tarojs/components/types/Text' {
  interface TextProps {
    role?: string;
  }
}
